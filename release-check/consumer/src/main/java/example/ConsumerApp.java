package example;

import io.github.customerid.core.IdAllocator;
import io.github.customerid.memory.InMemorySequenceStore;

/** A user's first allocation: prints the ID and exits non-zero unless it is {@code PL1}. */
public final class ConsumerApp {

  private ConsumerApp() {}

  /**
   * Allocates one ID from a fresh in-memory store.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    try (IdAllocator ids = IdAllocator.builder(new InMemorySequenceStore()).build()) {
      String id = ids.next();
      System.out.println(id);
      if (!"PL1".equals(id)) {
        System.err.println("expected PL1 from a fresh store, got " + id);
        System.exit(1);
      }
    }
  }
}
