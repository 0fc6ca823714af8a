package io.github.customerid.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.github.customerid.core.CorruptCounterException;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.listener.StoreOperation;
import io.github.customerid.mongo.MongoTestServers.Server;
import io.github.customerid.testkit.ConcurrentAllocationCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * This module's behaviour suite, written once and run against every server we can reach (see {@link
 * MongoTestServers}; a real server that is not reachable skips its run with the reason). Each test works
 * on fresh sequence and collection names, so a shared database is fine.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.customerid.mongo.MongoTestServers#servers")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MongoStoreBehaviourTest {

  @Parameter
  Server server;

  private final List<String> created = new ArrayList<>();
  private String uri;
  private String databaseName;
  private MongoClient client;
  private MongoDatabase db;

  @BeforeEach
  void connect() {
    server.assumeAvailable();
    uri = server.uri();
    databaseName = MongoTestServers.databaseName(uri);
    client = server.sharedClient();
    db = client.getDatabase(databaseName);
  }

  /** Drops the uniquely named collections the test created, so a real deployment is left tidy. */
  @AfterEach
  void dropCollections() {
    if (db != null) {
      created.forEach(name -> db.getCollection(name).drop());
    }
  }

  /** Whether the server is a real MongoDB (not the embedded imitation). */
  private boolean isRealMongo() {
    return server.realMongo();
  }

  /** A fresh name; a collection of that name is dropped after the test. */
  private String fresh(String prefix) {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    created.add(name);
    return name;
  }

  private MongoSequenceStore store() {
    return MongoSequenceStore.create(db);
  }

  private MongoSequenceStore store(String collection) {
    return MongoSequenceStore.builder(db).collection(collection).build();
  }

  // ------------------------------------------------------------------ concurrency

  @Test
  void shouldHandOutEveryValueOnceFromFourClientsInStrictMode() {
    String seq = fresh("strict");
    List<MongoClient> clients = clients(4);
    try {
      List<MongoSequenceStore> stores = clients.stream()
          .map(c -> MongoSequenceStore.create(c.getDatabase(databaseName)))
          .collect(Collectors.toList());
      AtomicInteger threadNo = new AtomicInteger();
      ThreadLocal<MongoSequenceStore> mine =
          ThreadLocal.withInitial(() -> stores.get(threadNo.getAndIncrement() % 4));
      long start = System.nanoTime();
      ConcurrentAllocationCheck.Result r =
          ConcurrentAllocationCheck.run(32, 2_500, () -> mine.get().allocate(seq, 1));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.out.printf("strict, 4 clients x 8 threads x 2,500: %d allocations in %d ms (%.0f/s)%n",
          r.values().length, millis, r.values().length * 1000.0 / Math.max(1, millis));
      assertThat(r.failures()).isEmpty();
      assertThat(r.duplicates()).as("duplicates").isEmpty();
      assertThat(r.gaps()).as("gaps").isEmpty();
      assertThat(r.values()).hasSize(80_000);
      assertThat(store().current(seq)).hasValue(80_000);
    } finally {
      clients.forEach(MongoClient::close);
    }
  }

  @Test
  void shouldHandOutDistinctValuesFromFourClientsInBlockMode() {
    String seq = fresh("block");
    List<MongoClient> clients = clients(4);
    List<IdAllocator> allocators = clients.stream()
        .map(c -> IdAllocator.builder(MongoSequenceStore.create(c.getDatabase(databaseName)))
            .sequence(seq).blocks(50).build())
        .collect(Collectors.toList());
    try {
      AtomicInteger threadNo = new AtomicInteger();
      ThreadLocal<IdAllocator> mine =
          ThreadLocal.withInitial(() -> allocators.get(threadNo.getAndIncrement() % 4));
      ConcurrentAllocationCheck.Result r =
          ConcurrentAllocationCheck.run(32, 2_500, () -> mine.get().nextValue());
      assertThat(r.failures()).isEmpty();
      assertThat(r.duplicates()).as("duplicates").isEmpty();
      assertThat(r.values()).hasSize(80_000);
      assertThat(r.values()[r.values().length - 1])
          .isLessThanOrEqualTo(store().current(seq).getAsLong());
    } finally {
      allocators.forEach(IdAllocator::close);
      clients.forEach(MongoClient::close);
    }
  }

  @Test
  void shouldCreateExactlyOneCounterWhenSixteenThreadsTouchANewSequenceAtOnce() {
    assumeThat(isRealMongo()).as("the embedded server serialises requests, so two first upserts "
        + "never race there; LostUpsertRaceTest forces that race deterministically").isTrue();
    List<MongoClient> clients = clients(2);
    AtomicInteger races = new AtomicInteger();
    SequenceListener countRaces = new SequenceListener() {
      @Override
      public void onRetry(String sequence, StoreOperation operation, Throwable cause) {
        races.incrementAndGet();
      }
    };
    try {
      List<MongoSequenceStore> stores = clients.stream()
          .map(c -> MongoSequenceStore.builder(c.getDatabase(databaseName)).listener(countRaces)
              .build())
          .collect(Collectors.toList());
      MongoCollection<Document> counters = db.getCollection(MongoSequenceStore.DEFAULT_COLLECTION);
      for (int round = 0; round < 100; round++) {
        String seq = fresh("race" + round);
        AtomicInteger threadNo = new AtomicInteger();
        ConcurrentAllocationCheck.Result r = ConcurrentAllocationCheck.run(16, 1,
            () -> stores.get(threadNo.getAndIncrement() % 2).allocate(seq, 1));
        assertThat(r.failures()).as("round %d", round).isEmpty();
        assertThat(r.values()).as("round %d", round)
            .containsExactly(LongStream.rangeClosed(1, 16).toArray());
        assertThat(counters.countDocuments(Filters.eq("name", seq))).as("round %d", round)
            .isEqualTo(1);
      }
      System.out.printf("%s: %d lost first-upsert races retried in 100 rounds%n", server,
          races.get());
    } finally {
      clients.forEach(MongoClient::close);
    }
  }

  @Test
  void shouldNotRunInsideTheCallersTransaction() {
    assumeThat(isRealMongo()).as("transactions need a real replica set").isTrue();
    String seq = fresh("txn");
    MongoSequenceStore store = store();
    MongoCollection<Document> users = db.getCollection(fresh("users"));
    users.insertOne(new Document("warm", true)); // collections cannot be created in a transaction
    try (ClientSession session = client.startSession()) {
      session.startTransaction();
      users.insertOne(session, new Document("role", "customer"));
      long allocated = store.allocate(seq, 1);
      session.abortTransaction();
      assertThat(allocated).isEqualTo(1);
    }
    assertThat(store.current(seq)).as("the abort did not roll the counter back").hasValue(1);
    assertThat(store.allocate(seq, 1)).isEqualTo(2);
  }

  // ------------------------------------------------------------------ interop with the Node service

  @Test
  void shouldContinueACounterWrittenByTheNodeServiceAndViceVersa() {
    String coll = fresh("counters");
    MongoCollection<Document> counters = db.getCollection(coll);
    // What the Node service's initializeCustomerCounter(23) leaves behind (Mongoose adds _id, __v).
    counters.insertOne(new Document("name", "customerId").append("seq", 23).append("__v", 0));
    MongoSequenceStore store = store(coll);
    IdAllocator ids = IdAllocator.builder(store).build();

    assertThat(ids.next()).isEqualTo("PL24");
    assertThat(nodeNext(counters, "customerId")).isEqualTo(25);
    assertThat(ids.next()).isEqualTo("PL26");
    assertThat(nodeNext(counters, "customerId")).isEqualTo(27);
    assertThat(counters.countDocuments()).isEqualTo(1);
    assertThat(counters.find().first()).containsEntry("__v", 0);
  }

  @Test
  void shouldContinueANodeCounterStoredAsADouble() {
    String coll = fresh("counters");
    MongoCollection<BsonDocument> counters = db.getCollection(coll, BsonDocument.class);
    counters.insertOne(new BsonDocument("name", new BsonString("customerId"))
        .append("seq", new BsonDouble(23.0)));
    MongoSequenceStore store = store(coll);
    assertThat(store.current("customerId")).hasValue(23);
    assertThat(counters.find().first().get("seq").getBsonType())
        .as("reading writes nothing").isEqualTo(BsonType.DOUBLE);
    assertThat(store.allocate("customerId", 1)).isEqualTo(24);
    assertThat(counters.find().first().get("seq")).isEqualTo(new BsonInt64(24));
  }

  @Test
  void shouldContinueAnInt32CounterPastTheInt32Range() {
    String coll = fresh("counters");
    MongoCollection<BsonDocument> counters = db.getCollection(coll, BsonDocument.class);
    counters.insertOne(new BsonDocument("name", new BsonString("customerId"))
        .append("seq", new BsonInt32(Integer.MAX_VALUE)));
    assertThat(store(coll).allocate("customerId", 1)).isEqualTo(Integer.MAX_VALUE + 1L);
  }

  @Test
  void shouldContinueAnIntegralDecimalCounter() {
    String coll = fresh("counters");
    MongoCollection<BsonDocument> counters = db.getCollection(coll, BsonDocument.class);
    counters.insertOne(new BsonDocument("name", new BsonString("customerId"))
        .append("seq", new BsonDecimal128(Decimal128.parse("41"))));
    assertThat(store(coll).allocate("customerId", 1)).isEqualTo(42);
  }

  @Test
  void shouldShareOneCounterWithNodeAtTheSameTime() {
    String coll = fresh("counters");
    MongoCollection<Document> counters = db.getCollection(coll);
    MongoSequenceStore store = store(coll);
    store.advanceTo("customerId", 0);
    AtomicInteger threadNo = new AtomicInteger();
    ThreadLocal<Boolean> isNode = ThreadLocal.withInitial(() -> threadNo.getAndIncrement() % 2 == 0);
    ConcurrentAllocationCheck.Result r = ConcurrentAllocationCheck.run(8, 1_000,
        () -> isNode.get() ? nodeNext(counters, "customerId") : store.allocate("customerId", 1));
    assertThat(r.failures()).isEmpty();
    assertThat(r.duplicates()).as("duplicates").isEmpty();
    assertThat(r.gaps()).as("gaps").isEmpty();
    assertThat(store.current("customerId")).hasValue(8_000);
  }

  @Test
  void shouldConvertANodeDoubleCounterOnceWhileEightThreadsUseIt() {
    String coll = fresh("counters");
    MongoCollection<Document> counters = db.getCollection(coll);
    MongoSequenceStore store = store(coll);
    for (int round = 0; round < 10; round++) {
      String seq = "double" + round;
      counters.insertOne(new Document("name", seq).append("seq", 23.0)); // as Node can leave it
      AtomicInteger threadNo = new AtomicInteger();
      ThreadLocal<int[]> nodeCallsLeft =
          ThreadLocal.withInitial(() -> new int[] {threadNo.getAndIncrement() % 2 == 0 ? 5 : 0});
      // Half the threads start as Node clients, incrementing the double (it stays a double), while
      // the others convert it: their compare-and-sets race Node and each other.
      ConcurrentAllocationCheck.Result r = ConcurrentAllocationCheck.run(8, 25,
          () -> nodeCallsLeft.get()[0]-- > 0 ? nodeNext(counters, seq) : store.allocate(seq, 1));
      assertThat(r.failures()).as("round %d", round).isEmpty();
      assertThat(r.duplicates()).as("round %d duplicates", round).isEmpty();
      assertThat(r.values()).as("round %d", round)
          .containsExactly(LongStream.rangeClosed(24, 23 + 8 * 25).toArray());
      assertThat(store.current(seq)).hasValue(23 + 8 * 25);
    }
  }

  /** What the Node service's generator does: {@code $inc: {seq: 1}} (an int32), upsert, new: true. */
  private static long nodeNext(MongoCollection<Document> counters, String name) {
    Document after = counters.findOneAndUpdate(Filters.eq("name", name), Updates.inc("seq", 1),
        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    return after.get("seq", Number.class).longValue();
  }

  @Test
  void shouldKeyCountersByIdWhenAsked() {
    String coll = fresh("counters");
    MongoSequenceStore store = MongoSequenceStore.builder(db).collection(coll).idKeyed().build();
    assertThat(store.allocate("customerId", 1)).isEqualTo(1);
    assertThat(store.allocate("customerId", 5)).isEqualTo(6);
    assertThat(db.getCollection(coll).find().first())
        .isEqualTo(new Document("_id", "customerId").append("seq", 6L));
    assertThat(store.advanceTo("customerId", 10)).isEqualTo(10);
  }

  @Test
  void shouldRecreateADeletedCounterInsteadOfFailing() {
    String coll = fresh("counters");
    MongoSequenceStore store = store(coll);
    store.allocate("customerId", 5);
    db.getCollection(coll).deleteMany(new Document());
    assertThat(store.allocate("customerId", 1)).isEqualTo(1);
  }

  // ------------------------------------------------------------------ concerns on the wire

  @Test
  void shouldSendMajorityWriteAndReadConcernsOnTheWire() {
    List<BsonDocument> sent = Collections.synchronizedList(new ArrayList<>());
    String coll = fresh("counters");
    try (MongoClient recorded = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(uri))
        .applyToClusterSettings(b -> b.serverSelectionTimeout(20, TimeUnit.SECONDS))
        .addCommandListener(new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            BsonValue target = event.getCommand().get(event.getCommandName());
            if (target != null && target.isString() && target.asString().getValue().equals(coll)) {
              sent.add(event.getCommand().clone());
            }
          }
        }).build())) {
      MongoDatabase database = recorded.getDatabase(databaseName);
      MongoSequenceStore store = MongoSequenceStore.builder(database).collection(coll).build();
      long end = store.allocate("customerId", 10);
      store.advanceTo("customerId", 5);
      store.current("customerId");
      store.giveBack("customerId", end, 3);
      store.resetAllowingDuplicates("customerId", 7);

      BsonDocument majority = new BsonDocument("w", new BsonString("majority"))
          .append("j", BsonBoolean.TRUE);
      assertThat(commands(sent, "findAndModify")).hasSize(2)
          .allSatisfy(c -> assertThat(c.get("writeConcern")).isEqualTo(majority));
      assertThat(commands(sent, "update")).hasSize(2)
          .allSatisfy(c -> assertThat(c.get("writeConcern")).isEqualTo(majority));
      assertThat(commands(sent, "find")).hasSize(1)
          .allSatisfy(c -> assertThat(c.get("readConcern"))
              .isEqualTo(new BsonDocument("level", new BsonString("majority"))));

      sent.clear();
      MongoSequenceStore w1 = MongoSequenceStore.builder(database).collection(coll)
          .writeConcern(WriteConcern.W1).build();
      w1.allocate("customerId", 1);
      assertThat(commands(sent, "findAndModify")).singleElement()
          .satisfies(c -> assertThat(c.get("writeConcern"))
              .isEqualTo(new BsonDocument("w", new BsonInt32(1))));
    }
  }

  private static List<BsonDocument> commands(List<BsonDocument> sent, String name) {
    synchronized (sent) {
      return sent.stream().filter(c -> c.getFirstKey().equals(name)).collect(Collectors.toList());
    }
  }

  // ------------------------------------------------------------------ corrupt counters

  static Stream<Arguments> corruptValues() {
    return Stream.of(
        Arguments.of("missing", null, "missing"),
        Arguments.of("null", BsonNull.VALUE, "not a number"),
        Arguments.of("string", new BsonString("24"), "not a number"),
        Arguments.of("array", new BsonArray(List.of(new BsonInt32(1))), "not a number"),
        Arguments.of("fraction", new BsonDouble(23.5), "not a whole number"),
        Arguments.of("NaN", new BsonDouble(Double.NaN), "not a whole number"),
        Arguments.of("huge double", new BsonDouble(1e300), "beyond"),
        Arguments.of("negative int32", new BsonInt32(-1), "negative"),
        Arguments.of("negative int64", new BsonInt64(-5), "negative"),
        Arguments.of("negative double", new BsonDouble(-3.0), "negative"),
        Arguments.of("fractional decimal", new BsonDecimal128(Decimal128.parse("2.5")),
            "not a whole number"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptValues")
  void shouldRejectACorruptCounterAndWriteNothingOverIt(String label, BsonValue seq,
      String problem) {
    String coll = fresh("counters");
    MongoCollection<BsonDocument> counters = db.getCollection(coll, BsonDocument.class);
    BsonDocument doc = new BsonDocument("_id", new BsonObjectId())
        .append("name", new BsonString("customerId"));
    if (seq != null) {
      doc.append("seq", seq);
    }
    counters.insertOne(doc);
    MongoSequenceStore store = store(coll);
    String namespace = databaseName + "." + coll;

    // An integer below zero is behind the data, not unreadable: advanceTo repairs it (below).
    boolean negativeInteger = label.startsWith("negative int");
    List<Runnable> ops = negativeInteger
        ? List.of(() -> store.allocate("customerId", 1), () -> store.current("customerId"))
        : List.of(() -> store.allocate("customerId", 1), () -> store.advanceTo("customerId", 100),
            () -> store.current("customerId"));
    for (Runnable op : ops) {
      assertThatThrownBy(op::run)
          .isInstanceOf(CorruptCounterException.class)
          .hasMessageContaining(namespace)
          .hasMessageContaining("\"customerId\"")
          .hasMessageContaining(problem)
          .hasMessageContaining(doc.getObjectId("_id").getValue().toHexString());
    }
    assertThat(counters.find().into(new ArrayList<>())).containsExactly(doc);
    if (negativeInteger) {
      assertThat(store.advanceTo("customerId", 100)).isEqualTo(100);
      assertThat(store.current("customerId")).hasValue(100);
    }
  }

  @Test
  void shouldRejectTwoCounterDocumentsForOneNameAndTouchNeither() {
    String coll = fresh("counters");
    MongoCollection<Document> counters = db.getCollection(coll);
    counters.insertMany(List.of(new Document("name", "customerId").append("seq", 5),
        new Document("name", "customerId").append("seq", 9)));
    List<Document> before = counters.find().into(new ArrayList<>());

    assertThatThrownBy(() -> store(coll).allocate("customerId", 1))
        .isInstanceOf(CorruptCounterException.class)
        .hasMessageContaining(databaseName + "." + coll)
        .hasMessageContaining("share a sequence name");
    MongoSequenceStore withoutIndex =
        MongoSequenceStore.builder(db).collection(coll).createCounterIndex(false).build();
    assertThatThrownBy(() -> withoutIndex.current("customerId"))
        .isInstanceOf(CorruptCounterException.class)
        .hasMessageContaining("more than one counter document");
    assertThat(counters.find().into(new ArrayList<>())).isEqualTo(before);
  }

  // ------------------------------------------------------------------ index bootstrap

  // The unique index on the customers' ID field is CustomerIdIndex's; its tests (created once,
  // sparse, other options reported and left alone, partial accepted, duplicates refused) are in
  // customers.CustomerIdAssignerTest.

  @Test
  void shouldCreateTheCounterIndexOnceAndChangeNothingTheSecondTime() {
    String countersColl = fresh("counters");
    MongoIndexBootstrap bootstrap =
        MongoIndexBootstrap.builder(db).counters(countersColl, "name").build();

    assertThat(bootstrap.ensureIndexes()).containsExactly(countersColl + ".name_1");
    List<Document> after = indexes(countersColl);
    assertThat(bootstrap.ensureIndexes()).isEmpty();
    assertThat(indexes(countersColl)).isEqualTo(after);
    assertThat(index(countersColl, "name_1").get("unique")).isEqualTo(true);

    // Unique: never two counter documents for one sequence.
    MongoCollection<Document> counters = db.getCollection(countersColl);
    counters.insertOne(new Document("name", "customerId").append("seq", 1));
    assertThatThrownBy(() -> counters.insertOne(new Document("name", "customerId")
        .append("seq", 2))).isInstanceOf(MongoWriteException.class);
  }

  @Test
  void shouldReportAnExistingCounterIndexWithOtherOptionsAndLeaveItAlone() {
    String countersColl = fresh("counters");
    db.getCollection(countersColl).createIndex(Indexes.ascending("name"));
    List<Document> before = indexes(countersColl);
    assertThatThrownBy(MongoIndexBootstrap.builder(db).counters(countersColl, "name").build()
        ::ensureIndexes)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("name_1")
        .hasMessageContaining(countersColl)
        .hasMessageContaining("not unique");
    assertThat(indexes(countersColl)).isEqualTo(before);

    String counters = fresh("counters");
    db.getCollection(counters).createIndex(Indexes.ascending("name"));
    assertThatThrownBy(() -> store(counters).allocate("customerId", 1))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("name_1")
        .hasMessageContaining("not unique");
  }

  @Test
  void shouldNeedNoIndexForCountersKeyedById() {
    String countersColl = fresh("counters");
    assertThat(MongoIndexBootstrap.builder(db).counters(countersColl, "_id").build()
        .ensureIndexes()).isEmpty();
    assertThat(db.getCollection(countersColl).listIndexes().into(new ArrayList<>()))
        .noneMatch(i -> i.toJson().contains("name"));
  }

  @Test
  void shouldRefuseToIndexCountersThatAlreadyShareASequenceName() {
    String countersColl = fresh("counters");
    db.getCollection(countersColl).insertMany(List.of(
        new Document("name", "customerId").append("seq", 3),
        new Document("name", "customerId").append("seq", 4)));
    assertThatThrownBy(MongoIndexBootstrap.builder(db).counters(countersColl, "name").build()
        ::ensureIndexes)
        .isInstanceOf(CorruptCounterException.class)
        .hasMessageContaining("share a sequence name");
  }

  private List<Document> indexes(String collection) {
    return db.getCollection(collection).listIndexes().into(new ArrayList<>());
  }

  private Document index(String collection, String name) {
    return indexes(collection).stream().filter(i -> name.equals(i.getString("name"))).findFirst()
        .orElseThrow();
  }

  private List<MongoClient> clients(int n) {
    List<MongoClient> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      clients.add(MongoTestServers.client(uri));
    }
    return clients;
  }
}
