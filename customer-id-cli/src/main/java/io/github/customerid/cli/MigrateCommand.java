package io.github.customerid.cli;

import io.github.customerid.cli.CustomerIdCli.TerminalAware;
import io.github.customerid.mongo.migration.CustomerIdMigration;
import io.github.customerid.mongo.migration.MigrationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code customer-id migrate}: gives every customer without an ID the next IDs, oldest first. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = {"Give every customer without an ID the next IDs of the counter, oldest first.",
        "Safe to re-run and to interrupt: a second run assigns nothing, an interrupted one resumes.",
        "Safe alongside live registrations (they draw from the same counter)."})
final class MigrateCommand extends ConnectedCommand implements TerminalAware {

  @Option(names = "--dry-run", description = "Report what would be done; change nothing.")
  boolean dryRun;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
      description = "Customers per batch: one counter round trip and one bulk write each"
          + " (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--order-by", paramLabel = "FIELD",
      description = "Field holding the creation time (default: createdAt; customers without it first, by _id; _id for _id alone).")
  String orderBy;

  @Option(names = "--no-order-index",
      description = "Do not create the index {<order field>: 1, _id: 1} that serves the order (for a"
          + " user who may not create indexes; create it ahead as an administrator). Without this"
          + " option it is created unless an index whose keys start with those exists.")
  boolean noOrderIndex;

  @Option(names = "--preview", paramLabel = "N", defaultValue = "10",
      description = "With --dry-run: how many planned assignments to list (default: ${DEFAULT-VALUE}).")
  int preview;

  private boolean terminal;

  @Override
  public void terminal(boolean terminal) {
    this.terminal = terminal;
  }

  @Override
  int run(ConnectionOptions.Session session) {
    ProgressPrinter progress = new ProgressPrinter(err(), terminal, "migrate");
    CustomerIdMigration.Builder builder = session.migration().listener(progress);
    UsageProblem.forOption("--batch-size", () -> builder.batchSize(batchSize));
    UsageProblem.forOption("--preview", () -> builder.previewLimit(preview));
    builder.createOrderIndex(!noOrderIndex);
    if (orderBy != null) {
      UsageProblem.forOption("--order-by", () -> builder.orderBy(orderBy));
    }
    MigrationReport report;
    try {
      report = dryRun ? builder.build().dryRun() : builder.build().run();
    } finally {
      progress.finish();
    }
    out().println(connection.json ? report.toJson() : report.toString());
    return ExitCodes.OK;
  }
}
