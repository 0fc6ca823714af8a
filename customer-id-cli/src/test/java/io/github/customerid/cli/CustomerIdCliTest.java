package io.github.customerid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.github.customerid.mongo.embedded.EmbeddedMongo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives every subcommand end to end, in-process, against the embedded linearizable server. */
class CustomerIdCliTest {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  static EmbeddedMongo mongo;
  static MongoClient client;

  private String db;
  private MongoCollection<Document> users;

  @BeforeAll
  static void startServer() {
    mongo = EmbeddedMongo.start();
    client = MongoClients.create(mongo.connectionString());
  }

  @AfterAll
  static void stopServer() {
    client.close();
    mongo.close();
  }

  @BeforeEach
  void freshDatabase() {
    db = "cli" + DATABASES.incrementAndGet();
    users = client.getDatabase(db).getCollection("users");
  }

  record Run(int code, String out, String err) {
    Document json() {
      return Document.parse(out.strip());
    }
  }

  /** Runs the tool in-process with an empty environment (a developer's own URI never leaks in). */
  static Run cli(String... args) {
    return cli(Map.of(), args);
  }

  static Run cli(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CustomerIdCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
        false, env).execute(args);

    return new Run(code, out.toString(), err.toString());
  }

  private Run on(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command, "--uri", mongo.connectionString(),
        "--database", db));
    all.addAll(List.of(args));
    return cli(all.toArray(String[]::new));
  }

  /** A local port nothing listens on (it was free a moment ago): a server that cannot be reached. */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void insertLegacyCustomers(MongoCollection<Document> users, int count) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      docs.add(new Document("_id", new ObjectId(new Date((1_500_000_000L + i) * 1000L), i))
          .append("role", "customer").append("name", "legacy " + i));
    }
    for (int from = 0; from < docs.size(); from += 10_000) {
      users.insertMany(docs.subList(from, Math.min(docs.size(), from + 10_000)));
    }
  }

  static void createIndexes(MongoDatabase database) {
    MongoCollection<Document> users = database.getCollection("users");
    users.createIndex(Indexes.ascending("customerId"),
        new IndexOptions().unique(true).sparse(true));
  }

  @Test
  void shouldMigrateAfterInitContinuingFromTheCounter() {
    createIndexes(client.getDatabase(db));
    insertLegacyCustomers(users, 300);
    users.insertOne(new Document("role", "admin").append("name", "boss"));
    assertThat(on("init", "--last", "23").code()).isZero();

    Run plan = on("migrate", "--dry-run", "--json", "--preview", "2");
    assertThat(plan.code()).isZero();
    assertThat(plan.json().getBoolean("dryRun")).isTrue();
    assertThat(plan.json().getString("firstId")).isEqualTo("PL24");
    assertThat(plan.json().getList("preview", Document.class)).hasSize(2);
    assertThat(users.countDocuments(Filters.exists("customerId"))).isZero();

    Run run = on("migrate", "--batch-size", "50", "--json");

    assertThat(run.code()).as(run.err()).isZero();
    Document report = run.json();
    assertThat(report.get("assigned", Number.class).longValue()).isEqualTo(300);
    assertThat(report.getString("firstId")).isEqualTo("PL24");
    assertThat(report.getString("lastId")).isEqualTo("PL323");
    assertThat(run.err()).contains("migrate: 300/300 (100%)");
    assertThat(users.find(Filters.eq("name", "legacy 0")).first().getString("customerId"))
        .isEqualTo("PL24");
    assertThat(users.find(Filters.eq("role", "admin")).first()).doesNotContainKey("customerId");

    Run again = on("migrate");
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("Assigned 0 IDs");
  }

  @Test
  void shouldCreateTheOrderIndexUnlessToldNotTo() {
    insertLegacyCustomers(users, 20);
    Document orderKey = new Document("createdAt", 1).append("_id", 1);

    Run without = on("migrate", "--no-order-index");
    assertThat(without.code()).as(without.err()).isZero();
    assertThat(users.listIndexes().map(i -> i.get("key", Document.class)).into(new ArrayList<>()))
        .doesNotContain(orderKey);

    users.insertOne(new Document("role", "customer").append("name", "late"));
    Run with = on("migrate");
    assertThat(with.code()).as(with.err()).isZero();
    assertThat(users.listIndexes().map(i -> i.get("key", Document.class)).into(new ArrayList<>()))
        .contains(orderKey);
  }

  @Test
  void shouldExitZeroWhenVerificationIsCleanAndOneWithErrors() {
    createIndexes(client.getDatabase(db));
    insertLegacyCustomers(users, 20);
    on("migrate");

    Run clean = on("verify", "--json");
    assertThat(clean.code()).isZero();
    assertThat(clean.json().getBoolean("ok")).isTrue();
    assertThat(clean.json().get("customersWithId", Number.class).longValue()).isEqualTo(20);
    assertThat(on("verify").out()).contains("OK: no problems found");

    String other = "cli" + DATABASES.incrementAndGet();
    MongoCollection<Document> broken = client.getDatabase(other).getCollection("users");
    broken.insertOne(new Document("role", "customer").append("customerId", "PL5"));
    broken.insertOne(new Document("role", "customer").append("customerId", "PL5"));
    broken.insertOne(new Document("role", "customer").append("customerId", "pl 6"));

    Run bad = cli("verify", "--uri", mongo.connectionString() + "/" + other, "--json");
    assertThat(bad.code()).isEqualTo(ExitCodes.VERIFY_FAILED);
    Document json = bad.json();
    assertThat(json.getBoolean("ok")).isFalse();
    assertThat(json.getList("findings", Document.class)).extracting(d -> d.getString("code"))
        .contains("DUPLICATE_IDS", "COUNTER_BEHIND", "MALFORMED_IDS", "UNIQUE_INDEX_MISSING");
    assertThat(json.getList("duplicates", Document.class).get(0).getList("_ids", Object.class))
        .hasSize(2);
    Run text = cli("verify", "--uri", mongo.connectionString() + "/" + other);
    assertThat(text.code()).isEqualTo(1);
    assertThat(text.out()).contains("ERROR DUPLICATE_IDS", "ERROR COUNTER_BEHIND");
  }

  @Test
  void shouldInitNextAndPeek() {
    assertThat(on("peek", "--json").json().getBoolean("exists")).isFalse();
    // No unique index on an empty database is an error too: nothing would stop a duplicate.
    assertThat(on("verify").code()).isEqualTo(ExitCodes.VERIFY_FAILED);
    // peek and verify are read-only: not even the counter index is created.
    assertThat(client.getDatabase(db).listCollectionNames().into(new ArrayList<>())).isEmpty();

    Run init = on("init", "--last", "23");
    assertThat(init.code()).isZero();
    assertThat(init.out()).contains("next ID is PL24");

    Run peek = on("peek", "--json");
    assertThat(peek.json().get("counter", Number.class).longValue()).isEqualTo(23);
    assertThat(peek.json().getString("nextId")).isEqualTo("PL24");
    assertThat(on("peek").out()).contains("next ID PL24");

    Run next = on("next", "--count", "3", "--json");
    assertThat(next.code()).isZero();
    assertThat(next.json().getList("ids", String.class)).containsExactly("PL24", "PL25", "PL26");
    assertThat(on("next").out().strip()).isEqualTo("PL27");
    assertThat(on("peek", "--json").json().getString("nextId")).isEqualTo("PL28");

    assertThat(on("init", "--last", "27").code()).isZero();
  }

  @Test
  void shouldRefuseToMoveTheCounterBackwardsWithoutForce() {
    on("init", "--last", "100");

    Run refused = on("init", "--last", "23");
    assertThat(refused.code()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(refused.err()).contains("refusing", "already at 100").doesNotContain("\tat ");
    assertThat(refused.err().strip().lines()).hasSize(1);
    assertThat(on("peek", "--json").json().get("counter", Number.class).longValue())
        .isEqualTo(100);

    Run forced = on("init", "--last", "23", "--force", "--json");
    assertThat(forced.code()).isZero();
    assertThat(forced.err()).contains("warning", "PL24..PL100");
    assertThat(forced.json().getBoolean("movedBackwards")).isTrue();
    assertThat(forced.json().getString("nextId")).isEqualTo("PL24");
  }

  @Test
  void shouldReconcileACounterBehindTheData() {
    for (int i = 1; i <= 40; i++) {
      users.insertOne(new Document("role", "customer").append("customerId", "PL" + i));
    }
    on("init", "--last", "5");

    Run r = on("reconcile", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get("counterAfter", Number.class).longValue()).isEqualTo(40);
    assertThat(r.json().getBoolean("changed")).isTrue();
    assertThat(r.json().getString("nextId")).isEqualTo("PL41");
    assertThat(on("reconcile").out()).contains("next ID PL41");
  }

  @Test
  void shouldRejectBadInputWithOneLineAndExitTwo() {
    assertBadInput(cli("verify", "--no-such-option"), "Unknown option");
    assertBadInput(on("init", "--last", "-5"), "--last must be at least 0, was -5");
    assertBadInput(on("init"), "Missing required option: '--last=N'");
    assertBadInput(on("init", "--last", "ten"), "ten");
    assertBadInput(on("next", "--prefix", "P-L"), "bad --prefix");
    assertBadInput(on("migrate", "--batch-size", "0"), "bad --batch-size: batch size must be"
        + " between 1");
    assertBadInput(on("migrate", "--preview", "-1"), "bad --preview: ");
    assertBadInput(on("verify", "--samples", "0"), "bad --samples: ");
    assertBadInput(on("next", "--count", "0"), "--count must be between 1 and 10000, was 0");
    assertBadInput(on("peek", "--timeout", "0"), "--timeout must be between 1 and 600");
    assertBadInput(on("peek", "--sequence", "a b"), "bad --sequence");
    assertBadInput(on("peek", "--field", "$set"), "bad --field");
    assertBadInput(cli("serve", "--port", "70000"), "--port must be between 0 and 65535");
    assertBadInput(cli("demo", "--threads", "0"), "--threads 1..64 (was 0)");
    assertBadInput(cli("peek", "--uri", "mongodb://127.0.0.1:1"), "no database");
    assertBadInput(cli(), "missing a command");
    Run uri = cli("peek", "--uri", "mongodb://alice:s3cr3tpw@host:99999/shop");
    assertBadInput(uri, "malformed --uri");
    assertThat(uri.err()).doesNotContain("s3cr3tpw").doesNotContain("alice");
    Run scheme = cli("peek", "--uri", "postgres://bob:hunter2pw@x/shop");
    assertBadInput(scheme, "malformed --uri");
    assertThat(scheme.err()).doesNotContain("hunter2pw");
  }

  private static void assertBadInput(Run run, String message) {
    assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains(message).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(run.err().lines()).as("one line: " + run.err()).hasSize(1);
    assertThat(run.err()).matches("customer-id( [a-z]+)?: error: .* \\(see 'customer-id( [a-z]+)?"
        + " --help'\\)\\R");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void shouldFailFastOnAnUnreachableServerWithoutPrintingCredentials() throws IOException {
    int closedPort = closedPort();
    String uri = "mongodb://alice:s3cr3tpw@127.0.0.1:" + closedPort + "/shop";
    long start = System.nanoTime();

    Run run = cli("peek", "--uri", uri, "--timeout", "1");

    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    assertThat(run.code()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.err()).contains("cannot reach MongoDB at 127.0.0.1:" + closedPort + " within 1 s")
        .doesNotContain("s3cr3tpw").doesNotContain("alice").doesNotContain("\tat ");
    assertThat(run.err().strip().lines()).hasSize(1);

    Run verbose = cli("migrate", "--uri", uri, "--timeout", "1", "--verbose");
    assertThat(verbose.code()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(verbose.err()).contains("\tat ").doesNotContain("s3cr3tpw");
  }

  @Test
  void shouldReportAnUnreachableServerAlikeFromEveryCommandThatConnects() throws IOException {
    int closedPort = closedPort();
    Map<String, String> env = Map.of(ConnectionOptions.URI_ENV,
        "mongodb://alice:s3cr3tpw@127.0.0.1:" + closedPort + "/shop");
    for (List<String> command : List.of(List.of("migrate"), List.of("verify"), List.of("index"),
        List.of("init", "--last", "23"), List.of("next"), List.of("peek"), List.of("reconcile"))) {
      List<String> args = new ArrayList<>(command);
      args.addAll(List.of("--timeout", "1"));

      Run run = cli(env, args.toArray(String[]::new));

      assertThat(run.code()).as(command + ": " + run.err()).isEqualTo(ExitCodes.UNREACHABLE);
      assertThat(run.err().strip()).as(command.toString())
          .isEqualTo("customer-id " + command.get(0) + ": error: cannot reach MongoDB at 127.0.0.1:"
              + closedPort + " within 1 s (MongoTimeoutException); check the URI of $"
              + ConnectionOptions.URI_ENV + " and that the server runs");
      assertThat(run.out()).as(command.toString()).isEmpty();
    }
  }

  @Test
  void shouldCheckACommandsOwnOptionsBeforeTheConnectionOptions() {
    assertBadInput(on("next", "--count", "0", "--prefix", "P-L"),
        "--count must be between 1 and 10000, was 0");
    assertBadInput(on("init", "--last", "-1", "--timeout", "0"),
        "--last must be at least 0, was -1");
  }

  @Test
  void shouldRunTheDemo() {
    Run demo = cli("demo", "--customers", "300", "--threads", "2", "--registrations", "5");

    assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
    assertThat(demo.out()).contains("Started an embedded MongoDB-wire server",
        "Assigned 300 IDs", "ID         name", "PL1 ", "Legacy customer 1 ", "Staff member",
        "OK: no problems found");
    assertThat(demo.err()).contains("migrate: 300/300 (100%)");
  }

  @Test
  void shouldPrintUsage() {
    Run help = cli("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("migrate", "verify", "init", "next", "peek", "reconcile",
        "demo", "Exit codes:");
    assertThat(cli("migrate", "--help").out()).contains("--dry-run", "--batch-size", "--uri");
  }

  @Test
  void shouldNeverHandOutATakenIdWhenTheCounterIsMissing() {
    for (int i = 1; i <= 223; i++) {
      users.insertOne(new Document("role", "customer").append("customerId", "PL" + i));
    }

    Run peek = on("peek");
    assertThat(peek.code()).isZero();
    assertThat(peek.out()).contains("does not exist yet", "data up to PL223", "next ID PL224");
    assertThat(peek.err()).contains("warning: the data already holds IDs up to PL223");
    Document json = on("peek", "--json").json();
    assertThat(json.getBoolean("dataAhead")).isTrue();
    assertThat(json.getString("nextId")).isEqualTo("PL224");
    assertThat(client.getDatabase(db).getCollection("counters").countDocuments())
        .as("peek is read-only").isZero();

    Run next = on("next");
    assertThat(next.code()).as(next.err()).isZero();
    assertThat(next.out().strip()).isEqualTo("PL224");
    assertThat(next.err()).contains("warning", "was missing", "up to PL223", "moved it to 223");
    Run again = on("next", "--count", "2");
    assertThat(again.out().lines()).containsExactly("PL225", "PL226");
    assertThat(again.err()).as("nothing to reconcile any more").isEmpty();
    assertThat(on("peek").err()).isEmpty();
  }

  @Test
  void shouldCreateTheUniqueIndexSoThatMigrateIndexVerifyReachOk() {
    insertLegacyCustomers(users, 30);
    assertThat(on("migrate").code()).isZero();
    Run before = on("verify");
    assertThat(before.code()).isEqualTo(ExitCodes.VERIFY_FAILED);
    assertThat(before.out()).contains("UNIQUE_INDEX_MISSING");
    assertThat(before.out()).as("the fix, in the command line's words too")
        .contains("customer-id index");

    Run index = on("index");
    assertThat(index.code()).as(index.err()).isZero();
    assertThat(index.out()).contains("Created", "users.customerId_1");
    Run again = on("index", "--json");
    assertThat(again.code()).isZero();
    assertThat(again.json().getList("created", String.class)).isEmpty();
    assertThat(again.json().getString("uniqueIndex")).isEqualTo("customerId_1");

    Run after = on("verify");
    assertThat(after.code()).as(after.out()).isZero();
    assertThat(after.out()).contains("OK: no problems found");
  }

  @Test
  void shouldExitFiveWhenTheDatabaseStatePreventsTheCommand() {
    client.getDatabase(db).getCollection("counters")
        .insertOne(new Document("name", "customerId").append("seq", "twenty-three"));
    Run corrupt = on("next");
    assertThat(corrupt.code()).as(corrupt.err()).isEqualTo(ExitCodes.DATA);
    assertThat(corrupt.err().lines()).hasSize(1);
    assertThat(corrupt.err()).startsWith("customer-id next: error: ").doesNotContain("\tat ");

    users.createIndex(Indexes.ascending("customerId"), new IndexOptions().name("not_unique"));
    Run index = on("index");
    assertThat(index.code()).as(index.err()).isEqualTo(ExitCodes.DATA);
    assertThat(index.err()).contains("not_unique");
  }

  @Test
  void shouldExitSeventyOnABugWithoutAStackTraceUnlessVerbose() {
    for (boolean verbose : new boolean[] {false, true}) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      picocli.CommandLine cl = CustomerIdCli.commandLine(new PrintWriter(out, true),
          new PrintWriter(err, true), false, Map.of());
      cl.addSubcommand("bug", new Bug());
      cl.setOut(new PrintWriter(out, true)); // reaches the subcommand added after the first call
      cl.setErr(new PrintWriter(err, true));
      int code = verbose ? cl.execute("bug", "--verbose", "--json") : cl.execute("bug");
      assertThat(code).isEqualTo(ExitCodes.INTERNAL);
      assertThat(err.toString()).startsWith("customer-id bug: error: unexpected "
          + "java.lang.IllegalStateException: a bug (run with --verbose for details)");
      if (verbose) {
        assertThat(err.toString()).contains("\tat ");
        assertThat(Document.parse(out.toString()).getInteger("exitCode")).isEqualTo(70);
      } else {
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(out.toString()).isEmpty();
      }
    }
  }

  /** A command with a bug, to see what the user sees. */
  @picocli.CommandLine.Command(name = "bug")
  static final class Bug implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Option(names = "--verbose")
    boolean verbose;

    @picocli.CommandLine.Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
      throw new IllegalStateException("a bug");
    }
  }

  @Test
  void shouldWriteAJsonErrorObjectOnFailure() throws IOException {
    int closedPort = closedPort();
    Run run = cli("verify", "--uri", "mongodb://127.0.0.1:" + closedPort + "/shop", "--timeout",
        "1", "--json");

    assertThat(run.code()).isEqualTo(ExitCodes.UNREACHABLE);
    Document error = run.json();
    assertThat(error.getBoolean("ok")).isFalse();
    assertThat(error.getInteger("exitCode")).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(error.getString("command")).isEqualTo("customer-id verify");
    assertThat(error.getString("error")).contains("cannot reach MongoDB");

    Run usage = cli("verify", "--json", "--samples", "x");
    assertThat(usage.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(usage.json().getString("error")).contains("--samples");
  }

  @Test
  void shouldRedactEverythingBeforeTheLastAtAndNameTheSourceOfTheUri() throws IOException {
    int closedPort = closedPort();
    String unescaped = "mongodb://bob:p@ssw0rd@127.0.0.1:" + closedPort + "/shop";
    Run option = cli("peek", "--uri", unescaped, "--timeout", "1");
    Run env = cli(Map.of(ConnectionOptions.URI_ENV, unescaped), "peek", "--timeout", "1");

    for (Run run : List.of(option, env)) {
      assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err()).contains("mongodb://***@127.0.0.1:" + closedPort + "/shop")
          .doesNotContain("bob").doesNotContain("ssw0rd").doesNotContain("p@");
    }
    assertThat(option.err()).contains("malformed --uri");
    assertThat(env.err()).contains("malformed URI in $CUSTOMER_ID_MONGODB_URI")
        .doesNotContain("--uri");

    Run unreachable = cli(Map.of(ConnectionOptions.URI_ENV, "mongodb://alice:s3cr3tpw@127.0.0.1:"
        + closedPort + "/shop"), "peek", "--timeout", "1");
    assertThat(unreachable.code()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(unreachable.err()).contains("check the URI of $CUSTOMER_ID_MONGODB_URI")
        .doesNotContain("alice").doesNotContain("s3cr3tpw");
  }

  @Test
  void shouldKeepTheDriversUserNameOutOfVerboseOutput() throws Exception {
    int closedPort = closedPort();
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    ProcessBuilder pb = new ProcessBuilder(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, CustomerIdCli.class.getName(), "peek", "--uri",
        "mongodb://bo:hunter2pw@127.0.0.1:" + closedPort + "/shop", "--timeout", "1", "--verbose")
        .redirectErrorStream(true);
    pb.environment().remove(ConnectionOptions.URI_ENV);
    Process child = pb.start();
    String output = new String(child.getInputStream().readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(child.waitFor()).as(output).isEqualTo(ExitCodes.UNREACHABLE);

    assertThat(output).as("the driver logged its settings").contains("MongoClientSettings");
    assertThat(output).contains("userName='***'").doesNotContain("userName='bo'")
        .doesNotContain("hunter2pw").contains("\tat ");
  }

  @Test
  void shouldPrintTheProjectVersion() {
    Run version = cli("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out().strip())
        .isEqualTo("customer-id " + System.getProperty("customerid.projectVersion"))
        .doesNotContain("development");
  }

  @Test
  void shouldKeepUrisWholeInTheHelp() {
    for (String command : List.of("peek", "verify", "migrate", "next", "init", "reconcile",
        "index")) {
      String help = cli(command, "--help").out();
      assertThat(help).as(command).contains(ConnectionOptions.DEFAULT_URI, "$"
          + ConnectionOptions.URI_ENV);
    }
    assertThat(cli("--help").out()).contains(ConnectionOptions.DEFAULT_URI, "serve", "index");
  }

  @Test
  void shouldBreakNoWordOfTheHelpAcrossLines() {
    picocli.CommandLine root = CustomerIdCli.commandLine(new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()), false, Map.of());
    List<picocli.CommandLine> commands = new ArrayList<>(List.of(root));
    commands.addAll(root.getSubcommands().values());
    for (picocli.CommandLine command : commands) {
      String name = command.getCommandSpec().qualifiedName();
      String help = command.getUsageMessage();
      List<String> texts = new ArrayList<>(List.of(command.getCommandSpec().usageMessage()
          .description()));
      texts.addAll(List.of(command.getCommandSpec().usageMessage().footer()));
      command.getCommandSpec().options().forEach(o -> texts.addAll(List.of(o.description())));
      command.getCommandSpec().positionalParameters()
          .forEach(p -> texts.addAll(List.of(p.description())));
      for (String text : texts) {
        for (String word : text.replace("%n", " ").replace("%%", "%").split("\\s+")) {
          if (!word.isEmpty() && !word.contains("${")) {
            assertThat(help).as(name + " --help shows \"" + word + "\" on one line").contains(word);
          }
        }
      }
    }
    assertThat(cli("serve", "--help").out()).contains("PL1..PL23");
    assertThat(cli("init", "--help").out()).contains("initializeCustomerCounter(23)");
  }

  @Test
  void shouldNameAnUnknownCommandInTheUsualErrorShape() {
    Run bogus = cli("bogus");
    assertThat(bogus.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bogus.err()).isEqualTo("customer-id: error: unknown command 'bogus'"
        + " (see 'customer-id --help')" + System.lineSeparator());
    assertThat(bogus.out()).isEmpty();

    assertBadInput(cli("verfy"), "unknown command 'verfy'; did you mean 'verify'?");
    Run control = cli("bo\u001b[2Jgus");
    assertBadInput(control, "unknown command 'bo\\u001B[2Jgus'");
    assertThat(control.err()).doesNotContain("\u001b");
    Run json = cli("bogus", "--json");
    assertThat(json.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(json.json().getString("error")).startsWith("unknown command 'bogus'");
    assertBadInput(cli("peek", "bogus"), "Unmatched argument at index 1: 'bogus'");
  }

  @Test
  void shouldHonourEveryConnectionOption() {
    MongoCollection<Document> people = client.getDatabase(db).getCollection("people");
    for (int i = 0; i < 12; i++) {
      people.insertOne(new Document("_id", new ObjectId(new Date((1_500_000_000L + i) * 1000L), i))
          .append("role", "client").append("name", "person " + i));
    }
    people.insertOne(new Document("role", "customer").append("name", "not a client"));
    String[] options = {"--users", "people", "--counters", "seqs", "--field", "ref", "--role",
        "client", "--sequence", "clientRef", "--prefix", "CL"};

    assertThat(on("init", with(options, "--last", "100")).code()).isZero();
    Run migrate = on("migrate", with(options, "--batch-size", "5", "--order-by", "_id", "--json"));
    assertThat(migrate.code()).as(migrate.err()).isZero();
    assertThat(migrate.json().getString("firstId")).isEqualTo("CL101");
    assertThat(migrate.json().getString("lastId")).isEqualTo("CL112");
    assertThat(people.find(Filters.eq("name", "person 0")).first().getString("ref"))
        .isEqualTo("CL101");
    assertThat(people.find(Filters.eq("name", "not a client")).first()).doesNotContainKey("ref");
    assertThat(client.getDatabase(db).getCollection("seqs")
        .find(Filters.eq("name", "clientRef")).first().get("seq", Number.class).longValue())
        .isEqualTo(112);

    assertThat(on("index", options).code()).isZero();
    Run verify = on("verify", with(options, "--json", "--samples", "3"));
    assertThat(verify.code()).as(verify.out()).isZero();
    assertThat(verify.json().get("customersWithId", Number.class).longValue()).isEqualTo(12);
    assertThat(on("peek", with(options, "--json")).json().getString("nextId")).isEqualTo("CL113");
    assertThat(on("next", with(options, "-n", "2")).out().lines())
        .containsExactly("CL113", "CL114");
    assertThat(on("reconcile", options).out()).contains("Counter \"clientRef\" was at 114",
        "nothing to change", "next ID CL115");
    assertThat(users.countDocuments()).as("the default collection is untouched").isZero();
  }

  private static String[] with(String[] options, String... more) {
    List<String> all = new ArrayList<>(List.of(options));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void shouldServeAnEmbeddedServerWithSampleDataUntilStopped() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cl = CustomerIdCli.commandLine(new PrintWriter(out, true),
        new PrintWriter(err, true), false, Map.of());
    ServeCommand serve = cl.getSubcommands().get("serve").getCommand();
    java.util.concurrent.FutureTask<Integer> running = new java.util.concurrent.FutureTask<>(
        () -> cl.execute("serve", "--port", "0", "--sample-data", "40"));
    Thread thread = new Thread(running, "serve");
    thread.start();
    String uri = null;
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (uri == null && System.nanoTime() < deadline && !running.isDone()) {
      uri = out.toString().lines().filter(l -> l.startsWith("mongodb://")).findFirst()
          .orElse(null);
      Thread.onSpinWait();
    }
    assertThat(uri).as(err.toString()).matches("mongodb://127\\.0\\.0\\.1:\\d+");
    assertThat(err.toString()).contains("export CUSTOMER_ID_MONGODB_URI=" + uri + "/shop");

    Run peek = cli("peek", "--uri", uri + "/shop");
    assertThat(peek.out()).contains("does not exist yet", "next ID PL24");
    Run plan = cli("migrate", "--uri", uri + "/shop", "--dry-run", "--json");
    assertThat(plan.json().get("candidates", Number.class).longValue()).isEqualTo(40);

    serve.stop();
    assertThat(running.get(30, java.util.concurrent.TimeUnit.SECONDS)).isZero();
    assertThat(cli("peek", "--uri", uri + "/shop", "--timeout", "1").code())
        .as("stopped").isEqualTo(ExitCodes.UNREACHABLE);
  }

  @Test
  void shouldRefuseAPortInUseNamingIt() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Run run = cli("serve", "--port", String.valueOf(taken.getLocalPort()));
      assertBadInput(run, "port " + taken.getLocalPort() + " on 127.0.0.1 is already in use");
      assertThat(run.err()).contains("give --port 0 for a free port");
    }
  }
}
