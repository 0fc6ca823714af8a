package io.github.customerid.cli;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.github.customerid.cli.CustomerIdCli.HasConnection;
import io.github.customerid.cli.CustomerIdCli.TerminalAware;
import io.github.customerid.mongo.MongoIndexBootstrap;
import io.github.customerid.mongo.customers.CustomerIdAssigner;
import io.github.customerid.mongo.customers.CustomerIdIndex;
import io.github.customerid.mongo.embedded.EmbeddedMongo;
import io.github.customerid.mongo.migration.MigrationReport;
import io.github.customerid.mongo.migration.VerificationReport;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.bson.types.ObjectId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code customer-id demo}: the whole story on an in-process server, with nothing installed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the whole story on an embedded MongoDB-wire server started in this process"
        + " (nothing to install): legacy customers without IDs and staff, the migration with a"
        + " progress bar while new customers register from several threads, a table of customers"
        + " and IDs, and the verification report.",
        "Exit code 0 when the final verification finds no error."})
final class DemoCommand implements Callable<Integer>, TerminalAware, HasConnection {

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Spec
  CommandSpec spec;

  @Option(names = "--customers", paramLabel = "N", defaultValue = "5000",
      description = "Legacy customers without an ID (default: ${DEFAULT-VALUE}).")
  int customers;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
      description = "Threads registering new customers during the migration (default:"
          + " ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--registrations", paramLabel = "N", defaultValue = "25",
      description = "New customers each thread registers at least (default: ${DEFAULT-VALUE}).")
  int registrations;

  @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
  boolean verbose;

  private boolean terminal;
  private final ConnectionOptions options = new ConnectionOptions();

  @Override
  public void terminal(boolean terminal) {
    this.terminal = terminal;
  }

  @Override
  public ConnectionOptions connection() {
    options.verbose = verbose;
    return options;
  }

  @Override
  public Integer call() throws Exception {
    if (customers < 0 || customers > 1_000_000 || threads < 1 || threads > 64
        || registrations < 0 || registrations > 100_000) {
      throw new ParameterException(spec.commandLine(), "out of range: --customers 0..1000000 (was "
          + customers + "), --threads 1..64 (was " + threads + "), --registrations 0..100000 (was "
          + registrations + ")");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (EmbeddedMongo mongo = EmbeddedMongo.start()) {
      out.println("== 1. Started an embedded MongoDB-wire server in this process: " + mongo);
      out.println("      (mongo-java-server made linearizable; nothing installed, data in memory)");
      options.uri = mongo.connectionString();
      options.database = "shop";
      options.users = "users";
      options.counters = "counters";
      options.field = "customerId";
      options.role = "customer";
      options.sequence = "customerId";
      options.prefix = "PL";
      options.timeoutSeconds = 5;
      try (ConnectionOptions.Session s = options.open()) {
        return run(s, out);
      }
    }
  }

  private int run(ConnectionOptions.Session s, PrintWriter out) throws Exception {
    // The Node era: 23 customers already numbered, counter initialised like
    // initializeCustomerCounter(23); legacy customers without IDs; staff.
    SampleData.insert(s.users, customers);
    s.allocator().initialize(SampleData.NUMBERED);
    out.printf(Locale.ROOT, "== 2. Created %,d legacy customers without an ID, 23 numbered ones"
        + " (PL1..PL23, counter at 23) and %d staff%n", customers, SampleData.STAFF);

    List<String> created = new ArrayList<>(MongoIndexBootstrap.builder(s.database)
        .counters(s.store).build().ensureIndexes());
    CustomerIdIndex.of(s.scheme()).ensure().ifPresent(created::add);
    out.println("== 3. Index bootstrap created " + created);

    out.printf(Locale.ROOT, "== 4. Migrating while %d threads register new customers%n", threads);
    CustomerIdAssigner assigner = s.assigner();
    AtomicBoolean migrating = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    // Registrations begin once the first batch is numbered, so the oldest legacy customers take
    // PL24 onwards; after that the two interleave.
    CountDownLatch firstBatch = new CountDownLatch(1);
    List<Future<Integer>> registered = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t + 1;
      registered.add(pool.submit(() -> {
        firstBatch.await();
        int n = 0;
        while (migrating.get() || n < registrations) {
          n++;
          // Live traffic, not a load test: a registration every few milliseconds per thread.
          Thread.sleep(5);
          assigner.insert(new Document("role", "customer")
              .append("name", "New customer " + thread + "-" + n)
              .append("email", "new" + thread + "-" + n + "@example.com"));
        }
        return n;
      }));
    }
    ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr(), terminal,
        "migrate");
    MigrationReport report;
    try {
      report = s.migration().batchSize(500).listener(p -> {
        firstBatch.countDown();
        progress.onProgress(p);
      }).build().run();
    } finally {
      firstBatch.countDown();
      progress.finish();
      migrating.set(false);
    }
    int newCustomers = 0;
    for (Future<Integer> f : registered) {
      newCustomers += f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    out.print(report);
    out.printf(Locale.ROOT, "   Meanwhile %,d new customers registered, drawing from the same"
        + " counter between the migration's batches:%n   the legacy customers' numbers follow their"
        + " creation order, with the newcomers' numbers in between.%n", newCustomers);

    out.println("== 5. Customers and their IDs (oldest first, then the newest registrations)");
    out.printf(Locale.ROOT, "   %-10s %-24s %-16s %s%n", "ID", "name", "created (UTC)", "role");
    List<Document> oldest = s.users.find(Filters.eq("role", "customer"))
        .sort(Sorts.ascending("_id")).limit(26).into(new ArrayList<>());
    for (int i = 0; i < oldest.size(); i++) {
      if (i < 3 || i >= oldest.size() - 3) {
        row(out, oldest.get(i));
      } else if (i == 3) {
        out.println("   ...");
      }
    }
    out.println("   ...");
    List<Document> newest = s.users.find(Filters.eq("role", "customer"))
        .sort(Sorts.descending("_id")).limit(4).into(new ArrayList<>());
    newest.sort(java.util.Comparator.comparingLong(
        d -> s.format.parse(d.getString(options.field))));
    newest.forEach(d -> row(out, d));
    row(out, s.users.find(Filters.ne("role", "customer")).first());

    out.println("== 6. Verification");
    VerificationReport verification = s.verifier().build().verify();
    out.print(verification);
    out.flush();
    return verification.hasErrors() ? ExitCodes.VERIFY_FAILED : ExitCodes.OK;
  }

  private static void row(PrintWriter out, Document d) {
    if (d == null) {
      return;
    }
    ObjectId id = d.getObjectId("_id");
    out.printf(Locale.ROOT, "   %-10s %-24s %-16s %s%n", d.get("customerId", "(none)"),
        d.getString("name"), DAY.format(id.getDate().toInstant()), d.getString("role"));
  }
}
