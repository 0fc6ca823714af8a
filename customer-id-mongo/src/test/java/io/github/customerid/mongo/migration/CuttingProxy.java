package io.github.customerid.mongo.migration;

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
 * A loopback TCP proxy that drops the connection, with probability {@code p} per chunk, instead of
 * forwarding it: a request the server never sees, or a reply the client never gets although the server
 * applied the command.
 */
final class CuttingProxy implements AutoCloseable {

  final AtomicLong cuts = new AtomicLong();
  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final double p;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  CuttingProxy(InetSocketAddress upstream, double p) throws IOException {
    this.upstream = upstream;
    this.p = p;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(this::accept);
  }

  String connectionString() {
    return "mongodb://127.0.0.1:" + listener.getLocalPort()
        + "/?serverSelectionTimeoutMS=3000&connectTimeoutMS=1000&heartbeatFrequencyMS=500&retryWrites=false";
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(upstream.getAddress(), upstream.getPort());
        open.add(client);
        open.add(server);
        daemon(() -> pump(client, server));
        daemon(() -> pump(server, client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (ThreadLocalRandom.current().nextDouble() < p) {
          cuts.incrementAndGet();
          break;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // the other direction closed the pair
    } finally {
      quietly(from);
      quietly(to);
    }
  }

  private void quietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "cutting-proxy");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    open.forEach(this::quietly);
  }
}
