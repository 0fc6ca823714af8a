package io.github.customerid.mongo.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy against a one-byte echo server: a round trip is one request chunk and one reply chunk
 * (chunk size 1), so what the proxy decides can be counted exactly.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class FaultInjectingProxyTest {

  private ServerSocket echo;

  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          Thread pump = new Thread(() -> {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
              int b;
              while ((b = in.read()) >= 0) {
                out.write(b);
                out.flush();
              }
            } catch (IOException ignored) {
              // the proxy cut the connection
            }
          }, "echo");
          pump.setDaemon(true);
          pump.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "echo-accept");
    t.setDaemon(true);
    t.start();
  }

  @AfterEach
  void stopEcho() throws IOException {
    echo.close();
  }

  private InetSocketAddress echoAddress() {
    return new InetSocketAddress(echo.getInetAddress(), echo.getLocalPort());
  }

  /** Round trips of one byte until the connection breaks, at most {@code max}. */
  private static int roundTrips(FaultInjectingProxy proxy, int max) throws IOException {
    try (Socket s = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      for (int i = 0; i < max; i++) {
        try {
          out.write(i & 0x7f);
          out.flush();
          int b = in.read();
          if (b != (i & 0x7f)) {
            return i;
          }
        } catch (IOException cut) {
          return i;
        }
      }
      return max;
    }
  }

  @Test
  void shouldForwardEverythingWhileTheProbabilityIsZero() throws IOException {
    try (FaultInjectingProxy proxy = FaultInjectingProxy.builder(echoAddress()).chunkSize(1)
        .start()) {
      assertThat(roundTrips(proxy, 500)).isEqualTo(500);
      assertThat(proxy.cuts()).isZero();
      assertThat(proxy.connections()).isEqualTo(1);
    }
  }

  @Test
  void shouldCutEveryConnectionAtTheFirstChunkAtProbabilityOne() throws IOException {
    try (FaultInjectingProxy proxy = FaultInjectingProxy.builder(echoAddress())
        .cutProbability(1).start()) {
      assertThat(roundTrips(proxy, 10)).isZero();
      assertThat(roundTrips(proxy, 10)).isZero();
      assertThat(proxy.requestsCut()).isEqualTo(2);
      assertThat(proxy.repliesCut()).isZero();
    }
  }

  @Test
  void shouldCutRequestsAndRepliesAndRepeatItsDecisionsForTheSameSeed() throws IOException {
    int[] first = new int[20];
    int[] second = new int[20];
    long[] cuts = new long[2];
    for (int run = 0; run < 2; run++) {
      try (FaultInjectingProxy proxy = FaultInjectingProxy.builder(echoAddress()).chunkSize(1)
          .cutProbability(0.05).seed(20_261_125L).start()) {
        for (int c = 0; c < 20; c++) {
          (run == 0 ? first : second)[c] = roundTrips(proxy, 1_000);
        }
        cuts[run] = proxy.requestsCut() * 1_000_000 + proxy.repliesCut();
        assertThat(proxy.requestsCut()).as("requests cut").isPositive();
        assertThat(proxy.repliesCut()).as("replies cut").isPositive();
      }
    }
    assertThat(second).as("round trips per connection, same seed").containsExactly(first);
    assertThat(cuts[1]).isEqualTo(cuts[0]);
  }

  @Test
  void shouldCutOpenConnectionsOnDemandAndKeepAcceptingNewOnes() throws IOException {
    try (FaultInjectingProxy proxy = FaultInjectingProxy.builder(echoAddress()).start();
        Socket s = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(7);
      assertThat(s.getInputStream().read()).isEqualTo(7);

      assertThat(proxy.cutOpenConnections()).isEqualTo(1);

      assertThat(s.getInputStream().read()).as("end of stream after the cut").isEqualTo(-1);
      assertThat(roundTrips(proxy, 5)).isEqualTo(5);
      assertThat(proxy.cuts()).as("cuts on demand are not random cuts").isZero();
    }
  }

  @Test
  void shouldStopCuttingWhenTheProbabilityIsSetToZero() throws IOException {
    try (FaultInjectingProxy proxy = FaultInjectingProxy.builder(echoAddress())
        .cutProbability(1).start()) {
      assertThat(roundTrips(proxy, 3)).isZero();
      proxy.cutProbability(0);
      assertThat(roundTrips(proxy, 3)).isEqualTo(3);
    }
  }

  @Test
  void shouldRejectBadSettingsNamingTheValue() {
    FaultInjectingProxy.Builder b = FaultInjectingProxy.builder(echoAddress());
    assertThatThrownBy(() -> b.cutProbability(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cut probability must be between 0 and 1, was 1.5");
    assertThatThrownBy(() -> b.cutProbability(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> b.chunkSize(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0");
    assertThatThrownBy(() -> FaultInjectingProxy.builder(null))
        .isInstanceOf(NullPointerException.class).hasMessage("upstream");
  }
}
