package io.github.customerid.mongo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback between the driver and a server that cuts connections at random points:
 * before or in the middle of a request (the server never sees it), and before or in the middle of a
 * reply (the server <em>applied</em> the command, the client never learns its result). Each chunk read
 * from either side is cut with probability {@code cutProbability}.
 */
final class FaultInjectingProxy implements AutoCloseable {

  final AtomicLong connections = new AtomicLong();
  final AtomicLong requestsCut = new AtomicLong();
  final AtomicLong repliesCut = new AtomicLong();

  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final double cutProbability;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  FaultInjectingProxy(InetSocketAddress upstream, double cutProbability) throws IOException {
    this.upstream = upstream;
    this.cutProbability = cutProbability;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String connectionString() {
    return "mongodb://127.0.0.1:" + listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(upstream.getAddress(), upstream.getPort());
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        open.add(client);
        open.add(server);
        connections.incrementAndGet();
        start(client, server, false);
        start(server, client, true);
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void start(Socket from, Socket to, boolean reply) {
    Thread t = new Thread(() -> pump(from, to, reply), "fault-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void pump(Socket from, Socket to, boolean reply) {
    byte[] buffer = new byte[64 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) > 0) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextDouble() < cutProbability) {
          int partial = random.nextInt(n); // 0: nothing of this chunk arrives
          if (partial > 0) {
            out.write(buffer, 0, partial);
            out.flush();
          }
          (reply ? repliesCut : requestsCut).incrementAndGet();
          break;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the other direction closed the pair
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

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    open.forEach(this::closeQuietly);
  }
}
