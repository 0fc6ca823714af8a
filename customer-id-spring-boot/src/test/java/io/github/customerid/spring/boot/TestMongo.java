package io.github.customerid.spring.boot;

import io.github.customerid.mongo.embedded.EmbeddedMongo;
import java.util.concurrent.atomic.AtomicInteger;

/** One linearizable embedded MongoDB-wire server per test JVM; a fresh database per caller. */
public final class TestMongo {

  private static EmbeddedMongo server;
  private static final AtomicInteger databases = new AtomicInteger();

  private TestMongo() {}

  /** The server's connection string, without a database. */
  public static synchronized String uri() {
    if (server == null) {
      server = EmbeddedMongo.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
    return server.connectionString();
  }

  /** A database name no other test uses. */
  public static String freshDatabase(String prefix) {
    return prefix + "_" + databases.incrementAndGet();
  }
}
