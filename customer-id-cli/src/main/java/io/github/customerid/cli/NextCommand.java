package io.github.customerid.cli;

import io.github.customerid.cli.CustomerIdCli.HasConnection;
import io.github.customerid.mongo.customers.CustomerIdReconciler;
import io.github.customerid.mongo.customers.ReconcileReport;
import java.util.List;
import java.util.concurrent.Callable;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code customer-id next}: allocates and prints the next ID(s). Reconciles first, so it never hands
 * out an ID the data already holds: a counter that is missing or behind the data is moved past the
 * highest stored ID (with a warning) before anything is allocated.
 */
@Command(name = "next", mixinStandardHelpOptions = true,
    description = {"Allocate the next ID(s) from the counter and print them, one per line"
        + " (they are consumed: never handed out again).",
        "Never hands out an ID the data already holds: a counter behind the data is first moved"
            + " past the highest stored ID, with a warning."})
final class NextCommand implements Callable<Integer>, HasConnection {

  @Mixin
  ConnectionOptions connection;

  @Spec
  CommandSpec spec;

  @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "1",
      description = "How many IDs, 1 to 10000 (default: ${DEFAULT-VALUE}).")
  int count;

  @Override
  public ConnectionOptions connection() {
    return connection;
  }

  @Override
  public Integer call() {
    if (count < 1 || count > 10_000) {
      throw new ParameterException(spec.commandLine(),
          "--count must be between 1 and 10000, was " + count);
    }
    try (ConnectionOptions.Session session = connection.open()) {
      ReconcileReport reconciled =
          CustomerIdReconciler.builder(session.scheme(), session.store).build().reconcile();
      if (reconciled.changed()) {
        spec.commandLine().getErr().println("customer-id next: warning: counter \""
            + connection.sequence + "\" was "
            + (reconciled.counterBefore().isPresent()
                ? "at " + reconciled.counterBefore().getAsLong() : "missing")
            + " but the data holds IDs up to "
            + session.format.format(reconciled.highestInData().getAsLong())
            + "; moved it to " + reconciled.counterAfter() + " before allocating");
      }
      List<String> ids = session.allocator().next(count);
      if (connection.json) {
        spec.commandLine().getOut().println(new Document("sequence", connection.sequence)
            .append("ids", ids).append("counterMovedFrom", reconciled.changed()
                ? reconciled.counterBefore().orElse(0) : null).toJson());
      } else {
        ids.forEach(spec.commandLine().getOut()::println);
      }
      return ExitCodes.OK;
    }
  }
}
