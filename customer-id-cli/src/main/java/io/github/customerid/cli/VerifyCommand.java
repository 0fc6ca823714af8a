package io.github.customerid.cli;

import io.github.customerid.cli.CustomerIdCli.HasConnection;
import io.github.customerid.mongo.migration.CustomerIdVerifier;
import io.github.customerid.mongo.migration.VerificationReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code customer-id verify}: checks IDs, counter and index; exit code 1 when there are errors. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check the customers' IDs, the counter and the unique index (read-only).",
        "Exit code 1 when an error is found: duplicates, malformed IDs, a counter behind the data,"
            + " no unique index."})
final class VerifyCommand implements Callable<Integer>, HasConnection {

  @Mixin
  ConnectionOptions connection;

  @Spec
  CommandSpec spec;

  @Option(names = "--samples", paramLabel = "N", defaultValue = "10",
      description = "Examples kept per kind of problem (default: ${DEFAULT-VALUE}).")
  int samples;

  @Override
  public ConnectionOptions connection() {
    return connection;
  }

  @Override
  public Integer call() {
    try (ConnectionOptions.Session session = connection.open(true)) {
      CustomerIdVerifier verifier =
          UsageProblem.forOption("--samples", () -> session.verifier().sampleLimit(samples)).build();
      VerificationReport report = verifier.verify();
      spec.commandLine().getOut().print(connection.json ? report.toJson() + "\n"
          : report.toString());
      spec.commandLine().getOut().flush();
      return report.hasErrors() ? ExitCodes.VERIFY_FAILED : ExitCodes.OK;
    }
  }
}
