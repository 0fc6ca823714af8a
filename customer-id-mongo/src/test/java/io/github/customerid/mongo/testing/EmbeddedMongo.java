package io.github.customerid.mongo.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/**
 * An in-process MongoDB wire-protocol server (mongo-java-server's in-memory backend) made linearizable
 * by {@link LinearizableBackend}, listening on a free loopback port. For tests, demos and benchmarks
 * that need a MongoDB to talk to with the real driver but have no {@code mongod}.
 *
 * <pre>{@code
 * try (EmbeddedMongo mongo = EmbeddedMongo.start();
 *      MongoClient client = MongoClients.create(mongo.connectionString())) {
 *   MongoSequenceStore store = MongoSequenceStore.builder(client.getDatabase("app")).build();
 *   ...
 * }
 * }</pre>
 *
 * <p><b>Proven, not assumed:</b> {@code EmbeddedMongoLinearizabilityTest} hammers one counter with
 * {@code findOneAndUpdate($inc)} from many threads and finds no duplicate through this fixture, while the
 * same test against the bare in-memory backend finds duplicates. The server is still an imitation:
 * no replica set, no rollback, write and read concerns accepted and ignored, partial indexes not
 * enforced (see {@code shared/notes/embedded-mongo.md}).
 *
 * <p>Depend on it through this module's test-jar ({@code customer-id-mongo}, type {@code test-jar}) and
 * declare {@code de.bwaldvogel:mongo-java-server} yourself: Maven does not pass a test-jar's test-scoped
 * dependencies on.
 *
 * <p>Thread-safe. {@link #close()} is idempotent.
 */
public final class EmbeddedMongo implements AutoCloseable {

  private final MongoServer server;
  private final String connectionString;

  private EmbeddedMongo(MongoServer server, InetSocketAddress address) {
    this.server = server;
    this.connectionString =
        "mongodb://" + address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /**
   * Starts a new, empty, linearizable server on a free port of the loopback interface.
   *
   * @return the running server; close it when done
   */
  public static EmbeddedMongo start() {
    MongoServer server = new MongoServer(new LinearizableBackend(new MemoryBackend()));
    server.bind("127.0.0.1", 0);
    return new EmbeddedMongo(server, server.getLocalAddress());
  }

  /**
   * Returns the connection string of this server, for {@code MongoClients.create}.
   *
   * @return for example {@code mongodb://127.0.0.1:40123}
   */
  public String connectionString() {
    return connectionString;
  }

  /** Stops the server and drops its data; clients still connected see their connections closed. */
  @Override
  public void close() {
    server.shutdownNow();
  }

  /**
   * Describes the server, for logs.
   *
   * @return the connection string
   */
  @Override
  public String toString() {
    return "EmbeddedMongo[" + connectionString + "]";
  }
}
