package io.github.customerid.cli;

import io.github.customerid.mongo.embedded.EmbeddedMongo;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code customer-id serve}: an embedded MongoDB-wire server to try the other commands against,
 * with nothing installed; runs until interrupted (Ctrl-C).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Start an embedded MongoDB-wire server in this process (in memory, nothing"
        + " installed) and print its URI; it runs until stopped (Ctrl-C, or kill).",
        "For trying the other commands and for demos only: no authentication, no replica set,"
            + " data lost on exit. See customer-id-mongo-embedded/README.md."})
final class ServeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "27017",
      description = "TCP port, or 0 for a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String host;

  @Option(names = "--sample-data", paramLabel = "N", defaultValue = "-1",
      description = "Load the demo's data into the database 'shop' before the port opens"
          + " (default: no data): customers PL1..PL23, numbered by the old system (no counter"
          + " yet), N legacy customers without an ID, and 12 staff.")
  int sampleData;

  private final CountDownLatch stop = new CountDownLatch(1);

  /**
   * Runs when the sample data starts loading, before the port is open; a test holds it there to show
   * that no client reaches the server before the data is complete.
   */
  Runnable beforeSampleData = () -> {};

  /** Stops a running {@code serve} (tests run it in a thread); Ctrl-C does the same from a shell. */
  void stop() {
    stop.countDown();
  }

  /** Says why the port cannot be used: in use (the usual case: a MongoDB of one's own) or other. */
  private String cannotListen(UncheckedIOException e) {
    Throwable cause = e.getCause();
    String reason = cause != null && cause.getMessage() != null ? cause.getMessage() : "";
    if (cause instanceof BindException && reason.toLowerCase(Locale.ROOT).contains("in use")) {
      return "port " + port + " on " + host + " is already in use (another MongoDB, or another"
          + " 'customer-id serve'?); give --port 0 for a free port (serve prints its URI), or"
          + " another --port";
    }
    return e.getMessage() + "; check --host, or give --port 0 for a free port";
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65_535) {
      throw new ParameterException(spec.commandLine(),
          "--port must be between 0 and 65535, was " + port);
    }
    if (sampleData > 1_000_000) {
      throw new ParameterException(spec.commandLine(),
          "--sample-data must be at most 1000000, was " + sampleData);
    }
    EmbeddedMongo mongo;
    try {
      // With sample data, the port opens only once the data is loaded: a client that connects
      // as soon as it can (the next line of a shell script) never sees it half loaded.
      mongo = sampleData < 0 ? EmbeddedMongo.start(host, port)
          : EmbeddedMongo.start(host, port, uri -> {
            beforeSampleData.run();
            SampleData.load(uri, sampleData);
          });
    } catch (UncheckedIOException e) {
      throw new UsageProblem(cannotListen(e));
    }
    Thread hook = new Thread(stop::countDown, "customer-id-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try (mongo) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(mongo.connectionString());
      out.flush();
      PrintWriter err = spec.commandLine().getErr();
      err.println("customer-id serve: embedded MongoDB-wire server listening; "
          + (sampleData >= 0 ? "database 'shop' holds the sample data; " : "")
          + "try: export " + ConnectionOptions.URI_ENV + "=" + mongo.connectionString() + "/shop"
          + "  (stop with Ctrl-C)");
      err.flush();
      stop.await();
      return ExitCodes.OK;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting: the hook is running
      }
    }
  }
}
