package io.github.customerid.cli;

import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.mongo.CounterIndex;
import io.github.customerid.mongo.customers.CustomerIdIndex;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import picocli.CommandLine.Command;

/** {@code customer-id index}: creates the unique indexes that stop a duplicate, if missing. */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = {"Create the unique index on the customer ID field (sparse: users without an ID"
        + " may exist in any number) and the counters' unique index, where missing.",
        "Idempotent; an existing index with other options is reported (exit code 5), never"
            + " dropped."})
final class IndexCommand extends ConnectedCommand {

  @Override
  int run(ConnectionOptions.Session session) {
    CustomerIdIndex index = CustomerIdIndex.of(session.scheme());
    List<String> created = new ArrayList<>();
    try {
      CounterIndex.ensure(session.database.getCollection(connection.counters),
          session.store.keyField()).ifPresent(created::add);
      index.ensure().ifPresent(created::add);
    } catch (InvalidConfigurationException e) {
      throw new DataProblem(e.getMessage(), e);
    }
    Optional<String> unique = index.findUnique();
    String namespace = connection.users + "." + connection.field;
    PrintWriter out = out();
    if (connection.json) {
      out.println(new Document("created", created).append("uniqueIndex", unique.orElse(null))
          .append("namespace", session.scheme().namespace()).toJson());
    } else if (created.isEmpty()) {
      out.println("Indexes already in place; unique index on " + namespace + ": "
          + unique.orElse("(none)"));
    } else {
      out.println("Created " + String.join(", ", created) + "; unique index on " + namespace
          + ": " + unique.orElse("(none)"));
    }
    return ExitCodes.OK;
  }
}
