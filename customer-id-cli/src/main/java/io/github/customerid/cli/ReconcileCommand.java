package io.github.customerid.cli;

import io.github.customerid.cli.CustomerIdCli.HasConnection;
import io.github.customerid.mongo.customers.ReconcileReport;
import java.util.concurrent.Callable;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code customer-id reconcile}: moves a counter that is behind the data past the highest ID. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
    description = {"Move the counter forward past the highest ID stored, if it is behind"
        + " (restored backup, deleted counter, never initialised).",
        "Never moves it backwards; values that are not IDs of the format are ignored."})
final class ReconcileCommand implements Callable<Integer>, HasConnection {

  @Mixin
  ConnectionOptions connection;

  @Spec
  CommandSpec spec;

  @Override
  public ConnectionOptions connection() {
    return connection;
  }

  @Override
  public Integer call() {
    try (ConnectionOptions.Session session = connection.open()) {
      ReconcileReport r = session.assigner().reconcile();
      if (connection.json) {
        spec.commandLine().getOut().println(new Document("sequence", r.sequence())
            .append("counterBefore", r.counterBefore().isPresent()
                ? r.counterBefore().getAsLong() : null)
            .append("highestInData", r.highestInData().isPresent()
                ? r.highestInData().getAsLong() : null)
            .append("counterAfter", r.counterAfter())
            .append("changed", r.changed())
            .append("idsScanned", r.idsScanned())
            .append("valuesIgnored", r.valuesIgnored())
            .append("nextId", session.format.format(r.counterAfter() + 1)).toJson());
      } else {
        spec.commandLine().getOut().println(r + "; next ID "
            + session.format.format(r.counterAfter() + 1));
      }
      return ExitCodes.OK;
    }
  }
}
