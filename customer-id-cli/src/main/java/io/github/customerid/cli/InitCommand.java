package io.github.customerid.cli;

import io.github.customerid.core.IdAllocator;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code customer-id init --last 23}: the next ID will be PL24. */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = {"Set the counter so that the next ID follows --last, as"
        + " initializeCustomerCounter(23) of the Node system does (next: PL24).",
        "Refuses to move the counter backwards unless --force is given (exit code 4)."})
final class InitCommand extends ConnectedCommand {

  @Option(names = "--last", paramLabel = "N", required = true,
      description = "The last number already in use; the next ID is N+1.")
  long last;

  @Option(names = "--force",
      description = "Allow moving the counter backwards. DANGER: IDs above N that were already"
          + " issued will be issued again.")
  boolean force;

  @Override
  void checkOptions() {
    if (last < 0) {
      throw badOption("--last must be at least 0, was " + last);
    }
  }

  @Override
  int run(ConnectionOptions.Session session) {
    IdAllocator ids = session.allocator();
    boolean forced = false;
    if (force) {
      long before = session.store.current(connection.sequence).orElse(0);
      if (before > last) {
        err().println("customer-id init: warning: moving counter \""
            + connection.sequence + "\" back from " + before + " to " + last + "; IDs "
            + session.format.format(last + 1) + ".." + session.format.format(before)
            + " may be issued twice");
        forced = true;
      }
      ids.resetAllowingDuplicates(last);
    } else {
      ids.initialize(last);
    }
    long now = session.store.current(connection.sequence).orElse(0);
    String next = session.format.format(now + 1);
    if (connection.json) {
      out().println(new Document("sequence", connection.sequence)
          .append("counter", now).append("nextId", next).append("movedBackwards", forced)
          .toJson());
    } else {
      out().println("Counter \"" + connection.sequence + "\" is at " + now + ": the next ID is "
          + next);
    }
    return ExitCodes.OK;
  }
}
