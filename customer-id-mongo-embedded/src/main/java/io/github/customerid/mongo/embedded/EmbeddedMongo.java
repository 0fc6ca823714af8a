package io.github.customerid.mongo.embedded;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * An in-process MongoDB wire-protocol server (mongo-java-server's in-memory backend) made linearizable
 * by {@link LinearizableBackend}. For tests, demos and benchmarks that need a MongoDB to talk to with
 * the real driver but have no {@code mongod} and no Docker.
 *
 * <pre>{@code
 * try (EmbeddedMongo mongo = EmbeddedMongo.start();
 *      MongoClient client = MongoClients.create(mongo.connectionString())) {
 *   MongoSequenceStore store = MongoSequenceStore.builder(client.getDatabase("app")).build();
 *   ...
 * }
 * }</pre>
 *
 * <p><b>Proven, not assumed:</b> {@code EmbeddedMongoLinearizabilityTest} (in this module) hammers one
 * counter with {@code findOneAndUpdate($inc)} from many threads and finds no duplicate through this
 * server, while the same test against the bare in-memory backend finds duplicates.
 *
 * <p><b>Still an imitation of MongoDB:</b> one node (no replica set, no elections, no rollback), write
 * and read concerns accepted and ignored, no multi-document transactions or sessions, a unique index
 * with a {@code partialFilterExpression} enforced as if it had none, a query uses an index only when
 * the index's keys are exactly the query's fields, when a single-field unique index (such as {@code
 * _id}) narrows it by equality, or when it is sorted by exactly the keys of a non-unique index
 * (otherwise every document is scanned, and sorts happen in memory), and one request is served at a
 * time. Data lives in memory and is gone on {@link #close()}.
 * The module's README lists what this means for tests.
 *
 * <p>Thread-safe. {@link #close()} is idempotent.
 */
public final class EmbeddedMongo implements AutoCloseable {

  private final MongoServer server;
  private final InetSocketAddress address;
  private final String connectionString;

  private EmbeddedMongo(MongoServer server, InetSocketAddress address) {
    this.server = server;
    this.address = address;
    this.connectionString =
        "mongodb://" + address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /**
   * Starts a new, empty, linearizable server on a free port of the loopback interface.
   *
   * @return the running server; close it when done
   * @throws UncheckedIOException if no port can be bound
   */
  public static EmbeddedMongo start() {
    return start(InetAddress.getLoopbackAddress().getHostAddress(), 0);
  }

  /**
   * Starts a new, empty, linearizable server on the given address and port.
   *
   * <p>The server has no authentication: bind it to a loopback address unless every host that can
   * reach the port may read and change its data.
   *
   * @param host the address to listen on, for example {@code 127.0.0.1} (loopback only) or {@code
   *     0.0.0.0} (every interface)
   * @param port the TCP port, 1 to 65535, or 0 for a free one
   * @return the running server; close it when done
   * @throws NullPointerException if {@code host} is null
   * @throws IllegalArgumentException if {@code port} is outside 0 to 65535 or {@code host} is blank
   * @throws UncheckedIOException if the address cannot be bound, for example because the port is in
   *     use; the message names host and port
   */
  public static EmbeddedMongo start(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    MongoServer server = new MongoServer(new LinearizableBackend(new IndexedMemoryBackend()));
    try {
      server.bind(host, port);
    } catch (Exception e) { // Netty throws the checked BindException without declaring it
      server.shutdownNow();
      String message = "cannot listen on " + host + ":" + port + ": " + rootMessage(e);
      throw new UncheckedIOException(message, ioCause(e, message));
    }
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

  /**
   * Returns the address the server listens on, for example to put a {@link FaultInjectingProxy} in
   * front of it.
   *
   * @return the bound address and port
   */
  public InetSocketAddress address() {
    return address;
  }

  /** Stops the server and drops its data; clients still connected see their connections closed. */
  @Override
  public void close() {
    server.shutdownNow();
  }

  /**
   * Describes the server, for logs.
   *
   * @return {@code EmbeddedMongo[} and the connection string {@code ]}
   */
  @Override
  public String toString() {
    return "EmbeddedMongo[" + connectionString + "]";
  }

  private static IOException ioCause(Throwable e, String message) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return io;
      }
    }
    return new IOException(message, e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message != null ? message : root.getClass().getSimpleName();
  }
}
