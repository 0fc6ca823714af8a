package io.github.customerid.cli;

import io.github.customerid.core.IdFormat;
import io.github.customerid.mongo.customers.ReconcileReport;
import java.util.Locale;
import org.bson.Document;
import picocli.CommandLine.Command;

/** {@code customer-id reconcile}: moves a counter that is behind the data past the highest ID. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
    description = {"Move the counter forward past the highest ID stored, if it is behind"
        + " (restored backup, deleted counter, never initialised).",
        "Never moves it backwards; values that are not IDs of the format are ignored."})
final class ReconcileCommand extends ConnectedCommand {

  @Override
  int run(ConnectionOptions.Session session) {
    ReconcileReport r = session.assigner().reconcile();
    String next = session.format.format(r.counterAfter() + 1);
    if (connection.json) {
      out().println(new Document("sequence", r.sequence())
          .append("counterBefore", r.counterBefore().isPresent()
              ? r.counterBefore().getAsLong() : null)
          .append("highestInData", r.highestInData().isPresent()
              ? r.highestInData().getAsLong() : null)
          .append("counterAfter", r.counterAfter())
          .append("changed", r.changed())
          .append("idsScanned", r.idsScanned())
          .append("valuesIgnored", r.valuesIgnored())
          .append("nextId", next).toJson());
    } else {
      out().println(describe(r, session.format) + "; next ID " + next);
    }
    return ExitCodes.OK;
  }

  /** One line for people, e.g. {@code Counter "customerId" was at 5; ...; moved the counter to 40}. */
  static String describe(ReconcileReport r, IdFormat format) {
    String before = r.counterBefore().isPresent() ? "at " + r.counterBefore().getAsLong()
        : "missing";
    String data = r.highestInData().isPresent()
        ? "the data holds IDs up to " + format.format(r.highestInData().getAsLong())
        : "the data holds no ID of the format";
    String read = String.format(Locale.ROOT, " (%,d IDs read%s)", r.idsScanned(),
        r.valuesIgnored() > 0 ? String.format(Locale.ROOT, ", %,d values that are not IDs ignored",
            r.valuesIgnored()) : "");
    return "Counter \"" + r.sequence() + "\" was " + before + "; " + data + read + "; "
        + (r.changed() ? "moved the counter to " + r.counterAfter() : "nothing to change");
  }
}
