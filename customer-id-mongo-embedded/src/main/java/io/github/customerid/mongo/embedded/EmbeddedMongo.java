package io.github.customerid.mongo.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

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
    checkAddress(host, port);
    return listen(new LinearizableBackend(new IndexedMemoryBackend()), host, port);
  }

  /**
   * Starts a new linearizable server on the given address and port that holds, from its first
   * connection on, the data {@code populate} wrote: a client that connects as soon as the port is
   * open never sees the data half loaded.
   *
   * <p>How: {@code populate} receives the connection string of a second server over the same data,
   * on a free loopback port that nothing else is told of, and writes through it with any client.
   * When {@code populate} returns, that server is stopped (its connections closed), and only then
   * does this server listen on {@code host:port}. Until then, connecting there is refused, and the
   * driver keeps trying within its server selection timeout.
   *
   * <p>A port other than 0 is checked before {@code populate} runs, so a port in use fails at once
   * rather than after a long load (something that takes the port in between still fails the
   * start, with the same exception).
   *
   * <pre>{@code
   * try (EmbeddedMongo mongo = EmbeddedMongo.start("127.0.0.1", 27017, uri -> {
   *        try (MongoClient loader = MongoClients.create(uri)) {
   *          loader.getDatabase("shop").getCollection("users").insertMany(sample);
   *        }
   *      })) {
   *   ...
   * }
   * }</pre>
   *
   * @param host the address to listen on, as for {@link #start(String, int)}
   * @param port the TCP port, 1 to 65535, or 0 for a free one
   * @param populate writes the initial data through the connection string it is given (for example
   *     {@code mongodb://127.0.0.1:40125}); it should close the clients it opens; it runs in the
   *     calling thread
   * @return the running server, listening on {@code host:port}, with the data; close it when done
   * @throws NullPointerException if {@code host} or {@code populate} is null
   * @throws IllegalArgumentException if {@code port} is outside 0 to 65535 or {@code host} is blank
   * @throws UncheckedIOException if the address cannot be bound, for example because the port is in
   *     use; the message names host and port, and the cause is the {@link IOException}, for example
   *     a {@link java.net.BindException}
   * @throws RuntimeException whatever {@code populate} throws, after every server this call started
   *     is stopped
   */
  public static EmbeddedMongo start(String host, int port, Consumer<? super String> populate) {
    checkAddress(host, port);
    Objects.requireNonNull(populate, "populate");
    if (port != 0) {
      checkBindable(host, port);
    }
    LinearizableBackend backend = new LinearizableBackend(new IndexedMemoryBackend());
    try (EmbeddedMongo loader = listen(new KeepOpenBackend(backend),
        InetAddress.getLoopbackAddress().getHostAddress(), 0)) {
      populate.accept(loader.connectionString());
    } catch (RuntimeException | Error e) {
      backend.close();
      throw e;
    }
    return listen(backend, host, port); // on failure, closes the backend
  }

  private static void checkAddress(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
  }

  /** Binds and closes a socket on {@code host:port}, as the server would bind it. */
  private static void checkBindable(String host, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true); // as Netty's server socket does, so TIME_WAIT is no obstacle
      probe.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new UncheckedIOException(cannotListen(host, port, e), e);
    }
  }

  private static EmbeddedMongo listen(MongoBackend backend, String host, int port) {
    MongoServer server = new MongoServer(backend);
    try {
      server.bind(host, port);
    } catch (Exception e) { // Netty throws the checked BindException without declaring it
      server.shutdownNow();
      String message = cannotListen(host, port, e);
      throw new UncheckedIOException(message, ioCause(e, message));
    }
    return new EmbeddedMongo(server, server.getLocalAddress());
  }

  private static String cannotListen(String host, int port, Throwable e) {
    return "cannot listen on " + host + ":" + port + ": " + rootMessage(e);
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

  /**
   * The backend as the loading server of {@link #start(String, int, Consumer)} sees it: stopping
   * that server must not close the data the real server then serves.
   */
  private static final class KeepOpenBackend implements MongoBackend {
    private final MongoBackend delegate;

    KeepOpenBackend(MongoBackend delegate) {
      this.delegate = delegate;
    }

    @Override
    public void close() {
      // the data outlives the loading server
    }

    @Override
    public void handleClose(Channel channel) {
      delegate.handleClose(channel);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command,
        Document query) {
      return delegate.handleCommand(channel, database, command, query);
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
      return delegate.handleQuery(query);
    }

    @Override
    public Document handleMessage(MongoMessage message) {
      return delegate.handleMessage(message);
    }

    @Override
    public void dropDatabase(String database) {
      delegate.dropDatabase(database);
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
      return delegate.getCurrentOperations(query);
    }

    @Override
    public Document getServerStatus() {
      return delegate.getServerStatus();
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
      delegate.closeCursors(cursorIds);
    }

    @Override
    public Clock getClock() {
      return delegate.getClock();
    }

    @Override
    public void enableOplog() {
      delegate.enableOplog();
    }

    @Override
    public void disableOplog() {
      delegate.disableOplog();
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
      return delegate.resolveDatabase(database);
    }

    @Override
    public MongoBackend version(MongoVersion version) {
      delegate.version(version);
      return this;
    }
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
