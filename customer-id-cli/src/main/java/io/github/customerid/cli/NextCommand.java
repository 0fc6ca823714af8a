package io.github.customerid.cli;

import io.github.customerid.mongo.customers.CustomerIdReconciler;
import io.github.customerid.mongo.customers.ReconcileReport;
import java.util.List;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
final class NextCommand extends ConnectedCommand {

  @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "1",
      description = "How many IDs, 1 to 10000 (default: ${DEFAULT-VALUE}).")
  int count;

  @Override
  void checkOptions() {
    if (count < 1 || count > 10_000) {
      throw badOption("--count must be between 1 and 10000, was " + count);
    }
  }

  @Override
  int run(ConnectionOptions.Session session) {
    ReconcileReport reconciled =
        CustomerIdReconciler.builder(session.scheme(), session.store).build().reconcile();
    if (reconciled.changed()) {
      err().println("customer-id next: warning: counter \""
          + connection.sequence + "\" was "
          + (reconciled.counterBefore().isPresent()
              ? "at " + reconciled.counterBefore().getAsLong() : "missing")
          + " but the data holds IDs up to "
          + session.format.format(reconciled.highestInData().getAsLong())
          + "; moved it to " + reconciled.counterAfter() + " before allocating");
    }
    List<String> ids = session.allocator().next(count);
    if (connection.json) {
      out().println(new Document("sequence", connection.sequence)
          .append("ids", ids).append("counterMovedFrom", reconciled.changed()
              ? reconciled.counterBefore().orElse(0) : null).toJson());
    } else {
      ids.forEach(out()::println);
    }
    return ExitCodes.OK;
  }
}
