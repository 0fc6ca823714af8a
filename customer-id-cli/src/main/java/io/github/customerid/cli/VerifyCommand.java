package io.github.customerid.cli;

import io.github.customerid.mongo.migration.CustomerIdVerifier;
import io.github.customerid.mongo.migration.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code customer-id verify}: checks IDs, counter and index; exit code 1 when there are errors. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check the customers' IDs, the counter and the unique index (read-only).",
        "Exit code 1 when an error is found: duplicates, malformed IDs, a counter behind the data,"
            + " no unique index."})
final class VerifyCommand extends ConnectedCommand {

  @Option(names = "--samples", paramLabel = "N", defaultValue = "10",
      description = "Examples kept per kind of problem (default: ${DEFAULT-VALUE}).")
  int samples;

  @Override
  boolean readOnly() {
    return true;
  }

  @Override
  int run(ConnectionOptions.Session session) {
    CustomerIdVerifier verifier =
        UsageProblem.forOption("--samples", () -> session.verifier().sampleLimit(samples)).build();
    VerificationReport report = verifier.verify();
    out().print(connection.json ? report.toJson() + "\n" : report.toString());
    out().flush();
    return report.hasErrors() ? ExitCodes.VERIFY_FAILED : ExitCodes.OK;
  }
}
