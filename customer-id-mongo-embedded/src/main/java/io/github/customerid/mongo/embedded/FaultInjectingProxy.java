package io.github.customerid.mongo.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on the loopback interface, between a client (the MongoDB driver) and a server, that
 * cuts connections at random points: before or in the middle of a request (the server never sees
 * it, or sees half of it), and before or in the middle of a reply (the server <em>applied</em> the
 * command, the client never learns its result). The second kind is what makes a retried write
 * dangerous, and what a store must survive without handing out a number twice.
 *
 * <pre>{@code
 * try (EmbeddedMongo mongo = EmbeddedMongo.start();
 *      FaultInjectingProxy proxy = FaultInjectingProxy.builder(mongo.address())
 *          .cutProbability(0.01).seed(42).start();
 *      MongoClient client = MongoClients.create(proxy.connectionString())) {
 *   ... // every chunk of bytes, in either direction, is cut with probability 0.01
 * }
 * }</pre>
 *
 * <p>How a cut happens: the proxy reads a chunk of bytes from one side; with probability {@link
 * Builder#cutProbability(double) cutProbability} it forwards a random prefix of the chunk (possibly
 * nothing; with {@link Builder#forwardPartialChunks(boolean) forwardPartialChunks(false)}, nothing),
 * then closes both sockets of the connection. The decisions come from a random source seeded per
 * connection and direction from {@link Builder#seed(long) seed}, so the decisions repeat from run to
 * run; where the operating system splits the byte stream into chunks still depends on timing. The
 * probability can be changed while running ({@link #cutProbability(double)}), for example set to 0
 * to let a test finish on a healthy connection, and {@link #cutOpenConnections()} cuts every open
 * connection at once.
 *
 * <p>Thread-safe. {@link #close()} is idempotent and closes every open connection.
 */
public final class FaultInjectingProxy implements AutoCloseable {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong requestsCut = new AtomicLong();
  private final AtomicLong repliesCut = new AtomicLong();
  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final long seed;
  private final boolean partialChunks;
  private final int chunkSize;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile double cutProbability;
  private volatile boolean closed;

  private FaultInjectingProxy(Builder b) throws IOException {
    this.upstream = b.upstream;
    this.cutProbability = b.cutProbability;
    this.seed = b.seed;
    this.partialChunks = b.partialChunks;
    this.chunkSize = b.chunkSize;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(this::acceptLoop, "fault-proxy-accept");
  }

  /**
   * Starts configuring a proxy in front of {@code upstream}.
   *
   * @param upstream the server to forward to, for example {@link EmbeddedMongo#address()}
   * @return a builder; no connection is cut until {@link Builder#cutProbability(double)} is set
   * @throws NullPointerException if {@code upstream} is null
   */
  public static Builder builder(InetSocketAddress upstream) {
    return new Builder(Objects.requireNonNull(upstream, "upstream"));
  }

  /**
   * Returns the connection string of the proxy, with no options: append {@code /?...} for driver
   * options (short timeouts make a test on a cut connection fail fast rather than hang).
   *
   * @return for example {@code mongodb://127.0.0.1:40125}
   */
  public String connectionString() {
    return "mongodb://" + listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort();
  }

  /**
   * Returns the loopback address the proxy listens on.
   *
   * @return the address and port clients connect to
   */
  public InetSocketAddress address() {
    return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
  }

  /**
   * Changes the probability with which each chunk read from now on is cut.
   *
   * @param probability 0 (forward everything) to 1 (cut at the first chunk)
   * @throws IllegalArgumentException if {@code probability} is not within 0 to 1
   */
  public void cutProbability(double probability) {
    this.cutProbability = checkProbability(probability);
  }

  /**
   * Cuts every connection open now, in both directions; later connections are accepted as usual.
   *
   * @return how many connections were open
   */
  public int cutOpenConnections() {
    int sockets = 0;
    for (Socket s : open) {
      closeQuietly(s);
      sockets++;
    }
    return sockets / 2;
  }

  /**
   * Returns how many client connections the proxy accepted.
   *
   * @return the number of connections, at least 0
   */
  public long connections() {
    return connections.get();
  }

  /**
   * Returns how many connections were cut while forwarding a request (client to server).
   *
   * @return the number of cut requests, at least 0
   */
  public long requestsCut() {
    return requestsCut.get();
  }

  /**
   * Returns how many connections were cut while forwarding a reply (server to client): the server
   * had received the request and may have applied it.
   *
   * @return the number of cut replies, at least 0
   */
  public long repliesCut() {
    return repliesCut.get();
  }

  /**
   * Returns how many connections were cut at random, in either direction.
   *
   * @return {@link #requestsCut()} plus {@link #repliesCut()}
   */
  public long cuts() {
    return requestsCut.get() + repliesCut.get();
  }

  /** Stops accepting connections and closes every open one. */
  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    open.forEach(this::closeQuietly);
  }

  /**
   * Describes the proxy, for logs.
   *
   * @return the listening and upstream addresses and the counts so far
   */
  @Override
  public String toString() {
    return "FaultInjectingProxy[" + connectionString() + " -> " + upstream + ", connections="
        + connections.get() + ", requestsCut=" + requestsCut.get() + ", repliesCut="
        + repliesCut.get() + "]";
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      try {
        Socket server = new Socket(upstream.getAddress(), upstream.getPort());
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        open.add(client);
        open.add(server);
        long n = connections.incrementAndGet();
        Random requests = new Random(mix(seed + n * GOLDEN_GAMMA));
        Random replies = new Random(mix(seed + n * GOLDEN_GAMMA + 1));
        daemon(() -> pump(client, server, requests, requestsCut), "fault-proxy-request");
        daemon(() -> pump(server, client, replies, repliesCut), "fault-proxy-reply");
      } catch (IOException e) {
        closeQuietly(client); // upstream unreachable: the client sees a closed connection
      }
    }
  }

  private void pump(Socket from, Socket to, Random random, AtomicLong cutCounter) {
    byte[] buffer = new byte[chunkSize];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (random.nextDouble() < cutProbability) {
          int partial = partialChunks ? random.nextInt(n) : 0; // 0: nothing of this chunk arrives
          if (partial > 0) {
            out.write(buffer, 0, partial);
            out.flush();
          }
          cutCounter.incrementAndGet();
          break;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the other direction closed the pair, or the proxy was closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private static void daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  /** SplitMix64's finaliser: neighbouring seeds give unrelated random sequences. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static double checkProbability(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("cut probability must be between 0 and 1, was " + p);
    }
    return p;
  }

  /** Configures a {@link FaultInjectingProxy}. Not thread-safe; {@link #start()} may be called once or more. */
  public static final class Builder {
    private final InetSocketAddress upstream;
    private double cutProbability;
    private long seed;
    private boolean partialChunks = true;
    private int chunkSize = 64 * 1024;

    private Builder(InetSocketAddress upstream) {
      this.upstream = upstream;
    }

    /**
     * Sets the probability with which each chunk read from either side is cut (default 0: a plain
     * proxy until {@link FaultInjectingProxy#cutProbability(double)} changes it).
     *
     * @param probability 0 to 1
     * @return this builder
     * @throws IllegalArgumentException if {@code probability} is not within 0 to 1
     */
    public Builder cutProbability(double probability) {
      this.cutProbability = checkProbability(probability);
      return this;
    }

    /**
     * Sets the seed of the random decisions (default 0).
     *
     * @param seed any value; the same seed gives the same decisions per connection and direction
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets whether a cut forwards a random prefix of the chunk it cuts (default {@code true}: the
     * peer may see half a message) or drops the whole chunk.
     *
     * @param partial {@code true} to forward a random prefix, {@code false} to drop the chunk
     * @return this builder
     */
    public Builder forwardPartialChunks(boolean partial) {
      this.partialChunks = partial;
      return this;
    }

    /**
     * Sets the largest chunk read at once (default 64 KiB); smaller chunks mean more decisions per
     * message.
     *
     * @param bytes 1 to 16 MiB
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is outside 1 to 16 MiB
     */
    public Builder chunkSize(int bytes) {
      if (bytes < 1 || bytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException("chunk size must be between 1 and 16777216 bytes, was "
            + bytes);
      }
      this.chunkSize = bytes;
      return this;
    }

    /**
     * Starts the proxy on a free loopback port; it accepts connections at once.
     *
     * @return the running proxy; close it when done
     * @throws UncheckedIOException if no port can be bound
     */
    public FaultInjectingProxy start() {
      try {
        return new FaultInjectingProxy(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the proxy: " + e.getMessage(), e);
      }
    }
  }
}
