package io.github.customerid.cli;

import io.github.customerid.mongo.customers.CustomerIdReconciler;
import java.io.PrintWriter;
import java.util.OptionalLong;
import org.bson.Document;
import picocli.CommandLine.Command;

/**
 * {@code customer-id peek}: shows the counter and the next ID without changing anything; warns when
 * the data already holds IDs beyond the counter.
 */
@Command(name = "peek", mixinStandardHelpOptions = true,
    description = {"Show the counter (last number issued) and the next ID, without allocating"
        + " (read-only).",
        "Warns when the data already holds IDs beyond the counter; the next ID shown is the one"
            + " 'next' would hand out after moving the counter past them."})
final class PeekCommand extends ConnectedCommand {

  @Override
  boolean readOnly() {
    return true;
  }

  @Override
  int run(ConnectionOptions.Session session) {
    OptionalLong counter = session.store.current(connection.sequence);
    long value = counter.orElse(0);
    OptionalLong highest =
        CustomerIdReconciler.builder(session.scheme(), session.store).build().highestStored();
    boolean dataAhead = highest.isPresent() && highest.getAsLong() > value;
    long last = dataAhead ? highest.getAsLong() : value;
    String next = last < Long.MAX_VALUE ? session.format.format(last + 1) : null;
    PrintWriter out = out();
    if (dataAhead) {
      err().println("customer-id peek: warning: the data already holds IDs"
          + " up to " + session.format.format(highest.getAsLong()) + ", beyond the counter ("
          + (counter.isPresent() ? "at " + value : "missing") + "); 'customer-id reconcile'"
          + " moves it past them ('next' and the assigner do so on their own)");
    }
    if (connection.json) {
      out.println(new Document("sequence", connection.sequence)
          .append("exists", counter.isPresent())
          .append("counter", counter.isPresent() ? value : null)
          .append("lastId", value > 0 ? session.format.format(value) : null)
          .append("highestInData", highest.isPresent() ? highest.getAsLong() : null)
          .append("dataAhead", dataAhead)
          .append("nextId", next).toJson());
    } else {
      out.println("Counter \"" + connection.sequence + "\": "
          + (counter.isPresent() ? "at " + value + (value > 0 ? " (last issued "
              + session.format.format(value) + ")" : "") : "does not exist yet")
          + (dataAhead ? "; data up to " + session.format.format(highest.getAsLong()) : "")
          + "; next ID " + (next != null ? next : "(none: exhausted)"));
    }
    return ExitCodes.OK;
  }
}
