package io.github.customerid.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customerid.cli.CustomerIdCliTest.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code customer-id serve} as a shell user runs it: in the background, with the next command
 * started at once, without waiting for the URI line.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServeCommandTest {

  /** A {@code serve} running in a thread of this JVM, with what it printed. */
  private static final class Serving implements AutoCloseable {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final ServeCommand command;
    final FutureTask<Integer> task;

    Serving(Runnable beforeSampleData, String... args) {
      CommandLine cl = CustomerIdCli.commandLine(new PrintWriter(out, true),
          new PrintWriter(err, true), false, Map.of());
      command = cl.getSubcommands().get("serve").getCommand();
      command.beforeSampleData = beforeSampleData;
      String[] all = new String[args.length + 1];
      all[0] = "serve";
      System.arraycopy(args, 0, all, 1, args.length);
      task = new FutureTask<>(() -> cl.execute(all));
      new Thread(task, "serve " + Arrays.toString(args)).start();
    }

    int exitCode() throws Exception {
      return task.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
      command.stop();
      task.get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldAcceptNoConnectionUntilTheSampleDataIsLoaded() throws Exception {
    int port = CustomerIdCliTest.closedPort();
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Runnable holdTheLoad = () -> {
      loading.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    try (Serving serve = new Serving(holdTheLoad, "--port", String.valueOf(port),
        "--sample-data", "40")) {
      try {
        assertThat(loading.await(60, TimeUnit.SECONDS)).as("serve starts loading").isTrue();

        // The README's next command, started while serve is still loading the sample data.
        FutureTask<Run> peek = new FutureTask<>(() -> CustomerIdCliTest.cli("peek", "--uri",
            "mongodb://127.0.0.1:" + port + "/shop", "--timeout", "60"));
        Thread peeking = new Thread(peek, "peek");
        peeking.start();
        awaitWaitingInTheDriver(peeking, peek);

        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
            .as("the port accepts no connection while the data loads")
            .isInstanceOf(ConnectException.class);
        assertThat(serve.out.toString()).as("no URI printed yet").isEmpty();
        release.countDown();

        Run run = peek.get(60, TimeUnit.SECONDS);
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).as("peek saw all the sample data")
            .contains("warning: the data already holds IDs up to PL23");
        assertThat(run.out()).contains("next ID PL24");
        assertThat(serve.out.toString().strip()).isEqualTo("mongodb://127.0.0.1:" + port);
      } finally {
        release.countDown();
      }
    }
  }

  /**
   * Waits until {@code peek} is either done or parked inside the MongoDB driver (waiting for a
   * server to select): a thread-state wait, not a sleep.
   */
  private static void awaitWaitingInTheDriver(Thread thread, FutureTask<Run> task)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (task.isDone()) {
        return;
      }
      Thread.State state = thread.getState();
      if ((state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
          && Arrays.stream(thread.getStackTrace())
              .anyMatch(f -> f.getClassName().startsWith("com.mongodb.internal.connection."))) {
        return;
      }
      Thread.sleep(5); // polling another thread's state; not ordering
    }
    throw new AssertionError("peek neither ended nor waited for the server within 60 s");
  }

  @Test
  void shouldSayThePortIsInUseBeforeLoadingAnythingAndSuggestPortZero() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      CountDownLatch loaded = new CountDownLatch(1);
      try (Serving serve = new Serving(loaded::countDown, "--port", String.valueOf(port),
          "--sample-data", "40")) {
        assertThat(serve.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(serve.err.toString()).isEqualTo("customer-id serve: error: port " + port
            + " on 127.0.0.1 is already in use (another MongoDB, or another 'customer-id serve'?);"
            + " give --port 0 for a free port (serve prints its URI), or another --port"
            + " (see 'customer-id serve --help')" + System.lineSeparator());
        assertThat(serve.out.toString()).isEmpty();
        assertThat(loaded.getCount()).as("no sample data loaded for nothing").isOne();
      }
    }
  }
}
