package io.github.customerid.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customerid.testkit.ConcurrentAllocationCheck;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Proves that the contract's concurrency check can fail: a store that reads, adds and writes back
 * (the mistake every hand-written counter makes) must be caught handing out duplicates.
 */
class ContractCatchesBrokenStoreTest {

  @Test
  void shouldDetectDuplicatesFromANonAtomicCounter() {
    AtomicLong counter = new AtomicLong();
    ConcurrentAllocationCheck.Result r = ConcurrentAllocationCheck.run(8, 10_000, () -> {
      long read = counter.get();
      Thread.yield(); // widen the race window the way a network round trip does
      counter.set(read + 1);
      return read + 1;
    });
    assertThat(r.duplicates()).as("the check must see the broken store's duplicates").isNotEmpty();
  }

  @Test
  void shouldDetectGaps() {
    AtomicLong counter = new AtomicLong();
    ConcurrentAllocationCheck.Result r =
        ConcurrentAllocationCheck.run(2, 100, () -> counter.addAndGet(2));
    assertThat(r.gaps()).isNotEmpty().startsWith(1L);
  }
}
