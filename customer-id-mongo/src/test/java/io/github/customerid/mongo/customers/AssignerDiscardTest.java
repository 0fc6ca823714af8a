package io.github.customerid.mongo.customers;

import static io.github.customerid.mongo.customers.CustomerServers.fresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.github.customerid.core.StoreException;
import io.github.customerid.core.listener.DiscardReason;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.mongo.MongoSequenceStore;
import io.github.customerid.mongo.MongoTestServers;
import io.github.customerid.mongo.embedded.EmbeddedMongo;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The assigner reports a number as discarded exactly when it was drawn from the counter and can never
 * reach an entity; an ID that reached the entity is not reported, whatever happens to the save.
 */
class AssignerDiscardTest {

  private final List<String> discarded = new CopyOnWriteArrayList<>();
  private final SequenceListener recording = new SequenceListener() {
    @Override
    public void onDiscarded(String sequence, long count, DiscardReason reason) {
      discarded.add(sequence + " " + count + " " + reason);
    }
  };

  private MongoSequenceStore store;
  private CustomerIdScheme scheme;
  private MongoCollection<Document> users;

  @BeforeEach
  void freshCollection() {
    MongoDatabase db = MongoTestServers.client(MongoTestServers.embedded()).getDatabase("discard");
    store = MongoSequenceStore.create(db);
    users = db.getCollection(fresh("users"));
    scheme = CustomerIdScheme.builder(users).sequence(fresh("seq")).build();
    CustomerIdIndex.of(scheme).ensure();
  }

  @Test
  void shouldReportTheNumberWhenCheckingItsOtherSpellingsFails() {
    // The counter works; the customer collection is on a server that has gone away.
    EmbeddedMongo gone = EmbeddedMongo.start();
    gone.close();
    try (MongoClient unreachable = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new com.mongodb.ConnectionString(gone.connectionString()))
        .applyToClusterSettings(c -> c.serverSelectionTimeout(200, TimeUnit.MILLISECONDS))
        .build())) {
      CustomerIdScheme elsewhere = CustomerIdScheme.builder(
          unreachable.getDatabase("discard").getCollection(users.getNamespace()
              .getCollectionName())).sequence(scheme.sequence()).build();
      CustomerIdAssigner assigner = CustomerIdAssigner.builder(elsewhere, store)
          .listener(recording).build();

      assertThatThrownBy(() -> assigner.insert(new Document("role", "customer")))
          .isInstanceOf(StoreException.class).hasCauseInstanceOf(MongoException.class);

      assertThat(store.current(scheme.sequence())).hasValue(1);
      assertThat(discarded).containsExactly(scheme.sequence() + " 1 FAILURE");
    }
  }

  @Test
  void shouldReportTheNumberWhenTheBindingCannotTakeIt() {
    CustomerIdAssigner assigner = CustomerIdAssigner.builder(scheme, store).listener(recording)
        .build();
    CustomerIdBinding<Document> frozen = CustomerIdBinding.of(d -> true, d -> null, (d, id) -> {
      throw new UnsupportedOperationException("read-only entity");
    });

    assertThatThrownBy(() -> assigner.assignIfMissing(new Document(), frozen))
        .isInstanceOf(UnsupportedOperationException.class);

    assertThat(discarded).containsExactly(scheme.sequence() + " 1 FAILURE");
    Document next = new Document("role", "customer");
    assigner.insert(next);
    assertThat(next.getString("customerId")).isEqualTo("PL2");
  }

  @Test
  void shouldNotReportAnIdThatReachedTheDocumentWhenTheInsertFailsForAnotherReason() {
    users.createIndex(new Document("email", 1),
        new com.mongodb.client.model.IndexOptions().unique(true));
    users.insertOne(new Document("role", "staff").append("email", "a@example.com"));
    CustomerIdAssigner assigner = CustomerIdAssigner.builder(scheme, store).listener(recording)
        .build();
    Document user = new Document("role", "customer").append("email", "a@example.com");

    assertThatThrownBy(() -> assigner.insert(user)).isInstanceOf(MongoException.class);

    // The document keeps PL1: inserting it again, with the e-mail fixed, uses the number.
    assertThat(user.getString("customerId")).isEqualTo("PL1");
    assertThat(discarded).isEmpty();
    user.put("email", "b@example.com");
    assigner.insert(user);
    assertThat(users.countDocuments(new Document("customerId", "PL1"))).isEqualTo(1);
    assertThat(store.current(scheme.sequence())).hasValue(1);
  }
}
