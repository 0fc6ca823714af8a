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

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CustomerIdCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
        false).execute(args);

    return new Run(code, out.toString(), err.toString());
  }

  private Run on(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command, "--uri", mongo.connectionString(),
        "--database", db));
    all.addAll(List.of(args));
    return cli(all.toArray(String[]::new));
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
    assertBadInput(on("migrate", "--batch-size", "0"), "batch size must be between 1");
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
    assertThat(run.out()).isEmpty();
  }

  @Test
  void shouldFailFastOnAnUnreachableServerWithoutPrintingCredentials() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
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
}
