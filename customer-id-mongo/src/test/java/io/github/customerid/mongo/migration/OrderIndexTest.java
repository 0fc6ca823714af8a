package io.github.customerid.mongo.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.github.customerid.mongo.MongoSequenceStore;
import io.github.customerid.mongo.SingleFieldIndex;
import io.github.customerid.mongo.MongoTestServers.Server;
import io.github.customerid.mongo.customers.CustomerIdScheme;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The index that serves the order of creation: the migration uses one an administrator created
 * ahead (any index whose keys start with {@code {createdAt: 1, _id: 1}}, unique or not), creates it
 * only when none exists, and never when told not to. On a real MongoDB, creating the unique index
 * next to an existing non-unique one of the same keys fails with an index-options conflict, which
 * would stop the migration; every server must end with the indexes it started with.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.customerid.mongo.MongoTestServers#servers")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OrderIndexTest {

  @Parameter
  Server server;

  private MongoDatabase db;
  private MongoCollection<Document> users;
  private MongoCollection<Document> counters;
  private CustomerIdScheme scheme;
  private MongoSequenceStore store;

  @BeforeEach
  void connect() {
    server.assumeAvailable();
    db = server.database();
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    users = db.getCollection("users_" + suffix);
    counters = db.getCollection("counters_" + suffix);
    scheme = CustomerIdScheme.builder(users).sequence("customerId_" + suffix).build();
    store = MongoSequenceStore.builder(db).collection(counters.getNamespace().getCollectionName())
        .build();
    List<Document> customers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      customers.add(new Document("_id", new ObjectId()).append("role", "customer")
          .append("createdAt", new Date(1_600_000_000_000L + (i % 2) * 1000L)));
    }
    users.insertMany(customers);
  }

  @AfterEach
  void drop() {
    if (users != null) {
      users.drop();
      counters.drop();
    }
  }

  @Test
  void shouldUseAnExistingNonUniqueIndexOfTheSameKeysAndCreateNothing() {
    users.createIndex(Indexes.ascending("createdAt", "_id"), new IndexOptions().name("byCreation"));
    List<Document> before = indexKeysAndOptions();

    MigrationReport report = CustomerIdMigration.builder(scheme, store).build().run();

    assertThat(report.assigned()).isEqualTo(5);
    assertThat(indexKeysAndOptions()).isEqualTo(before);
  }

  @Test
  void shouldUseAnExistingNonUniqueIndexUnderTheDefaultName() {
    // The name createIndex would give the unique one: a real server rejects the unique twin.
    users.createIndex(Indexes.ascending("createdAt", "_id"));
    List<Document> before = indexKeysAndOptions();

    MigrationReport report = CustomerIdMigration.builder(scheme, store).build().run();

    assertThat(report.assigned()).isEqualTo(5);
    assertThat(indexKeysAndOptions()).isEqualTo(before);
  }

  @Test
  void shouldUseAnIndexWhoseKeysStartWithTheOrderKeys() {
    users.createIndex(Indexes.ascending("createdAt", "_id", "role"));
    List<Document> before = indexKeysAndOptions();

    CustomerIdMigration.builder(scheme, store).build().run();

    assertThat(indexKeysAndOptions()).isEqualTo(before);
  }

  @Test
  void shouldCreateTheUniqueOrderIndexWhenNoneExists() {
    CustomerIdMigration.builder(scheme, store).build().run();

    assertThat(indexKeysAndOptions()).contains(new Document("key",
        new Document("createdAt", 1).append("_id", 1)).append("unique", true));
  }

  @Test
  void shouldCreateNoIndexWhenToldNotTo() {
    List<Document> before = indexKeysAndOptions();

    MigrationReport report = CustomerIdMigration.builder(scheme, store).createOrderIndex(false)
        .build().run();

    assertThat(report.assigned()).isEqualTo(5);
    assertThat(indexKeysAndOptions()).isEqualTo(before);
  }

  @Test
  void shouldCreateNoOrderIndexWhenOrderingByIdAlone() {
    List<Document> before = indexKeysAndOptions();

    CustomerIdMigration.builder(scheme, store).orderBy("_id").build().run();

    assertThat(indexKeysAndOptions()).isEqualTo(before);
  }

  /**
   * Each index as its key and whether it is unique, in name order (what the server adds to a
   * definition, such as {@code v} or {@code ns}, differs between servers and does not matter here).
   */
  private List<Document> indexKeysAndOptions() {
    List<Document> indexes = new ArrayList<>();
    users.listIndexes().into(new ArrayList<>()).stream()
        .sorted(java.util.Comparator.comparing(d -> d.getString("name")))
        .forEach(d -> indexes.add(new Document("key", toIntegers(d.get("key", Document.class)))
            .append("unique", SingleFieldIndex.isTrue(d.get("unique")))));
    return indexes;
  }

  private static Document toIntegers(Document key) {
    Document out = new Document();
    key.forEach((k, v) -> out.append(k, v instanceof Number n ? n.intValue() : v));
    return out;
  }
}
