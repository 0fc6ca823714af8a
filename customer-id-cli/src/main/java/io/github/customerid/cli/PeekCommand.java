package io.github.customerid.cli;

import io.github.customerid.cli.CustomerIdCli.HasConnection;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code customer-id peek}: shows the counter and the next ID without consuming anything. */
@Command(name = "peek", mixinStandardHelpOptions = true,
    description = "Show the counter (last number issued) and the next ID, without allocating.")
final class PeekCommand implements Callable<Integer>, HasConnection {

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
    try (ConnectionOptions.Session session = connection.open(true)) {
      OptionalLong counter = session.store.current(connection.sequence);
      long value = counter.orElse(0);
      String next = value < Long.MAX_VALUE ? session.format.format(value + 1) : null;
      if (connection.json) {
        spec.commandLine().getOut().println(new Document("sequence", connection.sequence)
            .append("exists", counter.isPresent())
            .append("counter", counter.isPresent() ? value : null)
            .append("lastId", value > 0 ? session.format.format(value) : null)
            .append("nextId", next).toJson());
      } else {
        spec.commandLine().getOut().println("Counter \"" + connection.sequence + "\": "
            + (counter.isPresent() ? "at " + value + (value > 0 ? " (last issued "
                + session.format.format(value) + ")" : "") : "does not exist yet")
            + "; next ID " + (next != null ? next : "(none: exhausted)"));
      }
      return ExitCodes.OK;
    }
  }
}
