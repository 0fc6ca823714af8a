package io.github.customerid.mongo.customers;

import static io.github.customerid.mongo.customers.CustomerServers.fresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.InvalidIdException;
import io.github.customerid.core.StoreException;
import io.github.customerid.mongo.MongoSequenceStore;
import io.github.customerid.testkit.ConcurrentAllocationCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Assignment on insert, self-healing, reconcile, look-up and the unique index, against every server
 * we can reach (see {@link CustomerServers}). Each test works on fresh collection and sequence names.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("servers")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CustomerIdAssignerTest {

  @Parameter
  CustomerServers.Server server;

  private MongoDatabase db;
  private MongoSequenceStore store;

  static Stream<CustomerServers.Server> servers() {
    return CustomerServers.all();
  }

  @BeforeEach
  void connect() {
    assumeThat(server.unavailableBecause()).as("server %s", server).isEmpty();
    db = server.database();
    store = MongoSequenceStore.create(db);
  }

  private CustomerIdScheme scheme(String usersColl, String seq) {
    return CustomerIdScheme.builder(db.getCollection(usersColl)).sequence(seq).build();
  }

  /** An assigner on fresh names, with the unique index in place. */
  private CustomerIdAssigner assigner(String usersColl, String seq) {
    CustomerIdScheme scheme = scheme(usersColl, seq);
    CustomerIdIndex.of(scheme).ensure();
    return CustomerIdAssigner.builder(scheme, store).build();
  }

  // ------------------------------------------------------------------ the unique index

  @Test
  void shouldCreateTheIndexOnceAndChangeNothingTheSecondTime() {
    String usersColl = fresh("users");
    CustomerIdIndex index = CustomerIdIndex.of(scheme(usersColl, "customerId"));

    assertThat(index.ensure()).hasValue(usersColl + ".customerId_1");
    List<Document> after = indexes(usersColl);
    assertThat(index.ensure()).isEmpty();
    assertThat(indexes(usersColl)).isEqualTo(after);
    Document created = index(usersColl, "customerId_1");
    assertThat(created.get("unique")).isEqualTo(true);
    assertThat(created.get("sparse")).isEqualTo(true);
    assertThat(index.findUnique()).hasValue("customerId_1");

    // Sparse: any number of users without an ID, but never two with the same one.
    MongoCollection<Document> users = db.getCollection(usersColl);
    users.insertOne(new Document("role", "admin"));
    users.insertOne(new Document("role", "staff"));
    users.insertOne(new Document("role", "customer").append("customerId", "PL1"));
    assertThatThrownBy(() -> users.insertOne(new Document("customerId", "PL1")))
        .isInstanceOf(MongoWriteException.class);
  }

  @Test
  void shouldReportAnExistingIndexWithOtherOptionsAndLeaveItAlone() {
    String usersColl = fresh("users");
    db.getCollection(usersColl).createIndex(Indexes.ascending("customerId"));
    List<Document> before = indexes(usersColl);
    CustomerIdIndex index = CustomerIdIndex.of(scheme(usersColl, "customerId"));
    assertThatThrownBy(index::ensure)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("customerId_1")
        .hasMessageContaining(usersColl)
        .hasMessageContaining("not unique");
    assertThat(indexes(usersColl)).isEqualTo(before);
    assertThat(index.findUnique()).isEmpty();
    assertThat(index.findAny()).hasValue("customerId_1");

    String other = fresh("users");
    db.getCollection(other).createIndex(Indexes.ascending("customerId"),
        new IndexOptions().unique(true));
    assertThatThrownBy(CustomerIdIndex.of(scheme(other, "customerId"))::ensure)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("neither sparse nor partial");
  }

  @Test
  void shouldAcceptAnExistingUniquePartialIndex() {
    String usersColl = fresh("users");
    db.getCollection(usersColl).createIndex(Indexes.ascending("customerId"), new IndexOptions()
        .unique(true).partialFilterExpression(Filters.exists("customerId")));
    List<Document> before = indexes(usersColl);
    assertThat(CustomerIdIndex.of(scheme(usersColl, "customerId")).ensure()).isEmpty();
    assertThat(indexes(usersColl)).isEqualTo(before);
  }

  @Test
  void shouldAssignUnderAnExistingPartialIndexOnARealServer() {
    assumeThat(server.realMongo())
        .as("the embedded server does not enforce partialFilterExpression: it rejects a second"
            + " document without an ID")
        .isTrue();
    String usersColl = fresh("users");
    db.getCollection(usersColl).createIndex(Indexes.ascending("customerId"), new IndexOptions()
        .unique(true).partialFilterExpression(Filters.exists("customerId")));
    CustomerIdAssigner assigner = assigner(usersColl, fresh("seq"));

    assigner.insert(new Document("role", "admin"));
    assigner.insert(new Document("role", "staff"));
    assigner.insert(new Document("role", "customer"));
    assigner.insert(new Document("role", "customer"));

    MongoCollection<Document> users = db.getCollection(usersColl);
    assertThat(users.countDocuments()).isEqualTo(4);
    assertThat(users.countDocuments(Filters.in("customerId", "PL1", "PL2"))).isEqualTo(2);
  }

  @Test
  void shouldRefuseToIndexUsersThatAlreadyShareAnId() {
    String usersColl = fresh("users");
    db.getCollection(usersColl).insertMany(List.of(new Document("customerId", "PL3"),
        new Document("customerId", "PL3")));
    assertThatThrownBy(CustomerIdIndex.of(scheme(usersColl, "customerId"))::ensure)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("share a customer ID");
  }

  // ------------------------------------------------------------------ assignment on insert

  @Test
  void shouldAssignIdsToCustomersOnlyAndKeepValidOnes() {
    String usersColl = fresh("users");
    CustomerIdAssigner assigner = assigner(usersColl, fresh("seq"));
    Document first = new Document("name", "Customer One").append("role", "customer");
    Document admin = new Document("name", "Admin").append("role", "admin");
    Document imported = new Document("role", "customer").append("customerId", "PL100");
    Document second = new Document("role", "customer");

    assigner.insert(first);
    assigner.insert(admin);
    assigner.insert(imported);
    assigner.insert(second);

    assertThat(first.getString("customerId")).isEqualTo("PL1");
    assertThat(admin).doesNotContainKey("customerId");
    assertThat(imported.getString("customerId")).isEqualTo("PL100");
    assertThat(second.getString("customerId")).isEqualTo("PL2");
    MongoCollection<Document> users = db.getCollection(usersColl);
    assertThat(users.countDocuments(Filters.exists("customerId"))).isEqualTo(3);

    // Another spelling of the prefix (written before a change of padding) is kept as it is.
    Document padded = new Document("role", "customer").append("customerId", "PL007");
    assigner.insert(padded);
    assertThat(padded.getString("customerId")).isEqualTo("PL007");

    Document bad = new Document("role", "customer").append("customerId", "PL-7");
    assertThatThrownBy(() -> assigner.insert(bad)).isInstanceOf(InvalidIdException.class);
    assertThat(users.countDocuments()).isEqualTo(5);
  }

  @Test
  void shouldRejectACustomerIdThatIsNotAStringAndNeverOverwriteIt() {
    String usersColl = fresh("users");
    CustomerIdAssigner assigner = assigner(usersColl, fresh("seq"));
    MongoCollection<Document> users = db.getCollection(usersColl);
    for (Object value : List.of(24, 5L, true, 2.5, new Document("n", 1), List.of("PL1"))) {
      Document customer = new Document("role", "customer").append("customerId", value);
      assertThatThrownBy(() -> assigner.insert(customer)).as("%s", value)
          .isInstanceOf(InvalidIdException.class)
          .hasMessageContaining("customerId")
          .hasMessageContaining("not a string");
      assertThat(customer.get("customerId")).isEqualTo(value);
    }
    assertThat(users.countDocuments()).isZero();

    Document staffWithNumber = new Document("role", "staff").append("customerId", 7);
    assigner.insert(staffWithNumber);
    assertThat(staffWithNumber.get("customerId")).as("not a customer: left alone").isEqualTo(7);
  }

  @Test
  void shouldUseTheSchemesCustomerFilterIdFieldFormatAndSequence() {
    String accountsColl = fresh("users");
    String seq = fresh("seq");
    CustomerIdScheme scheme = CustomerIdScheme.builder(db.getCollection(accountsColl))
        .idField("clientNo").customers("kind", "client").format(IdFormat.of("CL")).sequence(seq)
        .build();
    CustomerIdIndex.of(scheme).ensure();
    CustomerIdAssigner assigner = CustomerIdAssigner.builder(scheme, store).build();
    Document client = new Document("kind", "client");
    Document tagged = new Document("kind", List.of("vip", "client"));
    Document customerByDefault = new Document("role", "customer");
    Document staff = new Document("kind", "staff");

    assigner.insert(client);
    assigner.insert(tagged);
    assigner.insert(customerByDefault);
    assigner.insert(staff);

    assertThat(client.getString("clientNo")).isEqualTo("CL1");
    assertThat(tagged.getString("clientNo")).as("an array holding the value matches").isEqualTo("CL2");
    assertThat(customerByDefault).doesNotContainKeys("clientNo", "customerId");
    assertThat(staff).doesNotContainKeys("clientNo", "customerId");
    assertThat(store.current(seq)).hasValue(2);
    assertThat(assigner.findByCustomerId("cl2")).hasValueSatisfying(
        d -> assertThat(d.get("kind")).isEqualTo(List.of("vip", "client")));
    assertThat(indexes(accountsColl)).anySatisfy(
        i -> assertThat(i.get("key", Document.class)).isEqualTo(new Document("clientNo", 1)));
  }

  @Test
  void shouldUseACustomerPredicateGivenWithAFilterTheAssignerCannotEvaluate() {
    String usersColl = fresh("users");
    CustomerIdScheme opaque = CustomerIdScheme.builder(db.getCollection(usersColl))
        .customers(Filters.in("role", "customer", "member")).sequence(fresh("seq")).build();
    assertThatThrownBy(() -> CustomerIdAssigner.builder(opaque, store).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("$in")
        .hasMessageContaining("customers(filter, predicate)");

    CustomerIdScheme withPredicate = CustomerIdScheme.builder(db.getCollection(usersColl))
        .customers(Filters.in("role", "customer", "member"),
            d -> List.of("customer", "member").contains(d.get("role")))
        .sequence(fresh("seq")).build();
    CustomerIdAssigner assigner = CustomerIdAssigner.builder(withPredicate, store).build();
    Document member = new Document("role", "member");
    Document admin = new Document("role", "admin");
    assigner.insert(member);
    assigner.insert(admin);
    assertThat(member.getString("customerId")).isEqualTo("PL1");
    assertThat(admin).doesNotContainKey("customerId");
  }

  @Test
  void shouldGiveParallelFirstSavesDistinctIds() {
    String usersColl = fresh("users");
    CustomerIdAssigner assigner = assigner(usersColl, fresh("seq"));
    ConcurrentAllocationCheck.Result r = ConcurrentAllocationCheck.run(16, 10, () -> {
      Document d = new Document("role", "customer");
      assigner.insert(d);
      return assigner.scheme().format().parse(d.getString("customerId"));
    });
    assertThat(r.failures()).isEmpty();
    assertThat(r.values()).containsExactly(LongStream.rangeClosed(1, 160).toArray());
  }

  @Test
  void shouldHealWhenTheCounterDocumentWasDeleted() {
    String usersColl = fresh("users");
    String seq = fresh("seq");
    CustomerIdAssigner assigner = assigner(usersColl, seq);
    for (int i = 0; i < 5; i++) {
      assigner.insert(new Document("role", "customer"));
    }
    db.getCollection(MongoSequenceStore.DEFAULT_COLLECTION).deleteOne(Filters.eq("name", seq));

    Document next = new Document("role", "customer");
    assigner.insert(next);
    assertThat(next.getString("customerId")).isEqualTo("PL6");
    assertThat(db.getCollection(usersColl).countDocuments()).isEqualTo(6);
  }

  @Test
  void shouldHealWhenImportedDataIsAheadOfTheCounter() {
    String usersColl = fresh("users");
    String seq = fresh("seq");
    CustomerIdAssigner assigner = assigner(usersColl, seq);
    MongoCollection<Document> users = db.getCollection(usersColl);
    users.insertMany(IntStream.rangeClosed(1, 50)
        .mapToObj(i -> new Document("role", "customer").append("customerId", "PL" + i))
        .collect(Collectors.toList()));
    users.insertMany(List.of(new Document("customerId", "PLx"), new Document("customerId", "XX99"),
        new Document("customerId", "PL-999")));
    store.advanceTo(seq, 10); // a counter left behind the data

    Document next = new Document("role", "customer");
    assigner.insert(next);
    assertThat(next.getString("customerId")).isEqualTo("PL51");

    ReconcileReport report = assigner.reconcile();
    assertThat(report.changed()).isFalse();
    assertThat(report.highestInData()).hasValue(51);
    assertThat(report.counterAfter()).isEqualTo(51);
    assertThat(report.valuesIgnored()).isEqualTo(2); // PLx and PL-999; XX99 is not even scanned
  }

  @Test
  void shouldGiveUpHealingAfterTheConfiguredAttempts() {
    String usersColl = fresh("users");
    String seq = fresh("seq");
    assigner(usersColl, seq); // the index
    MongoCollection<Document> users = db.getCollection(usersColl);
    users.insertOne(new Document("customerId", "PL1"));
    CustomerIdAssigner once = CustomerIdAssigner.builder(scheme(usersColl, seq), store)
        .maxAttempts(1).build();
    assertThatThrownBy(() -> once.insert(new Document("role", "customer")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("PL1")
        .hasMessageContaining("after 1 attempts");
    assertThat(users.countDocuments()).isEqualTo(1);
    // The failed attempt still moved the counter past the data: the next insert succeeds.
    Document next = new Document("role", "customer");
    once.insert(next);
    assertThat(next.getString("customerId")).isEqualTo("PL2");
  }

  @Test
  void shouldLeaveOtherDuplicateKeyErrorsOfTheServiceAlone() {
    String usersColl = fresh("users");
    CustomerIdAssigner assigner = assigner(usersColl, fresh("seq"));
    MongoCollection<Document> users = db.getCollection(usersColl);
    users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
    assigner.insert(new Document("role", "customer").append("email", "a@example.com"));
    assertThatThrownBy(() -> assigner.insert(
        new Document("role", "customer").append("email", "a@example.com")))
        .isInstanceOf(MongoWriteException.class);
    assertThat(users.countDocuments()).isEqualTo(1);
  }

  @Test
  void shouldReconcileOnDemandAndNeverMoveTheCounterBack() {
    String usersColl = fresh("users");
    String seq = fresh("seq");
    CustomerIdAssigner assigner = assigner(usersColl, seq);
    db.getCollection(usersColl).insertMany(List.of(new Document("customerId", "PL30"),
        new Document("customerId", "PL9")));

    ReconcileReport report = assigner.reconcile();
    assertThat(report.counterBefore()).isEmpty();
    assertThat(report.highestInData()).hasValue(30);
    assertThat(report.counterAfter()).isEqualTo(30);
    assertThat(report.changed()).isTrue();

    store.advanceTo(seq, 70);
    ReconcileReport again = assigner.reconcile();
    assertThat(again.changed()).isFalse();
    assertThat(again.counterAfter()).isEqualTo(70);
  }

  /** A service's own entity, mapped to documents by the service. */
  static final class User {
    final String name;
    final String role;
    String customerId;

    User(String name, String role) {
      this.name = name;
      this.role = role;
    }
  }

  @Test
  void shouldAssignAndHealThroughThePojoHook() {
    String usersColl = fresh("users");
    String seq = fresh("seq");
    CustomerIdAssigner assigner = assigner(usersColl, seq);
    MongoCollection<Document> users = db.getCollection(usersColl);
    users.insertOne(new Document("customerId", "PL1")); // the counter is behind: PL1 is taken
    CustomerIdBinding<User> binding =
        CustomerIdBinding.of(u -> "customer".equals(u.role), u -> u.customerId,
            (u, id) -> u.customerId = id);

    User alice = assigner.save(new User("Alice", "customer"), binding, u -> users.insertOne(
        new Document("name", u.name).append("role", u.role).append("customerId", u.customerId)));
    assertThat(alice.customerId).isEqualTo("PL2");

    User staff = new User("Bob", "staff");
    assertThat(assigner.assignIfMissing(staff, binding)).isEmpty();
    assertThat(staff.customerId).isNull();
    User carol = new User("Carol", "customer");
    assertThat(assigner.assignIfMissing(carol, binding)).hasValue("PL3");
  }

  @Test
  void shouldFindACustomerByWhatAPersonTyped() {
    String usersColl = fresh("users");
    CustomerIdAssigner assigner = assigner(usersColl, fresh("seq"));
    db.getCollection(usersColl).insertOne(new Document("name", "John").append("customerId", "PL24"));

    assertThat(assigner.findByCustomerId(" pl24 ")).hasValueSatisfying(
        d -> assertThat(d.getString("name")).isEqualTo("John"));
    assertThat(assigner.findByCustomerId("PL25")).isEmpty();
    for (String bad : Set.of("PL 24", "24", "", "PL-1", "PL0")) {
      assertThatThrownBy(() -> assigner.findByCustomerId(bad))
          .as(bad).isInstanceOf(InvalidIdException.class);
    }
  }

  private List<Document> indexes(String collection) {
    return db.getCollection(collection).listIndexes().into(new ArrayList<>());
  }

  private Document index(String collection, String name) {
    return indexes(collection).stream().filter(i -> name.equals(i.getString("name"))).findFirst()
        .orElseThrow();
  }
}
