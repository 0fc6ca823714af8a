package io.github.customerid.cli;

import io.github.customerid.cli.CustomerIdCli.HasConnection;
import java.util.List;
import java.util.concurrent.Callable;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code customer-id next}: allocates and prints the next ID(s). */
@Command(name = "next", mixinStandardHelpOptions = true,
    description = "Allocate the next ID(s) from the counter and print them, one per line"
        + " (they are consumed: never handed out again).")
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
      List<String> ids = session.allocator().next(count);
      if (connection.json) {
        spec.commandLine().getOut().println(new Document("sequence", connection.sequence)
            .append("ids", ids).toJson());
      } else {
        ids.forEach(spec.commandLine().getOut()::println);
      }
      return ExitCodes.OK;
    }
  }
}
