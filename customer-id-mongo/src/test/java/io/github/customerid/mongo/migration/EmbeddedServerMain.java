package io.github.customerid.mongo.migration;

import io.github.customerid.mongo.embedded.EmbeddedMongo;
import java.io.IOException;

/**
 * Runs an embedded server in a JVM of its own, so that a measurement of the migration's heap in the
 * test JVM does not include the server's data: prints {@code PORT <n>}, serves until standard input
 * closes.
 */
final class EmbeddedServerMain {

  private EmbeddedServerMain() {}

  public static void main(String[] args) throws IOException {
    try (EmbeddedMongo mongo = EmbeddedMongo.start()) {
      System.out.println("PORT " + mongo.address().getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the parent closes our standard input (or dies)
      }
    }
  }
}
