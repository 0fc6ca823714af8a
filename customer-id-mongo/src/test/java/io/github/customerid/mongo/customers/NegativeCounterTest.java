package io.github.customerid.mongo.customers;

import static io.github.customerid.mongo.customers.CustomerServers.fresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.github.customerid.core.CorruptCounterException;
import io.github.customerid.mongo.MongoSequenceStore;
import io.github.customerid.mongo.MongoTestServers;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An operator's stray {@code $inc: -1000} pushes the counter below zero: it is behind the data, not
 * unreadable. Self-healing and reconcile move it forward past the highest ID, never backwards.
 */
class NegativeCounterTest {

  private MongoSequenceStore store;
  private MongoCollection<Document> counters;
  private CustomerIdScheme scheme;
  private MongoCollection<Document> users;

  @BeforeEach
  void tenCustomersAndACounterPushedBelowZero() {
    MongoDatabase db = MongoTestServers.client(MongoTestServers.embedded()).getDatabase("negative");
    store = MongoSequenceStore.create(db);
    counters = db.getCollection(MongoSequenceStore.DEFAULT_COLLECTION);
    users = db.getCollection(fresh("users"));
    String seq = fresh("seq");
    scheme = CustomerIdScheme.builder(users).sequence(seq).build();
    CustomerIdIndex.of(scheme).ensure();
    users.insertMany(IntStream.rangeClosed(1, 10)
        .mapToObj(i -> new Document("role", "customer").append("customerId", "PL" + i))
        .collect(Collectors.toList()));
    store.advanceTo(seq, 10);
    counters.updateOne(Filters.eq("name", seq), Updates.inc("seq", -1000L));
  }

  @Test
  void shouldHealOnInsert() {
    CustomerIdAssigner assigner = CustomerIdAssigner.builder(scheme, store).build();

    Document next = new Document("role", "customer");
    assigner.insert(next);

    assertThat(next.getString("customerId")).isEqualTo("PL11");
    assertThat(store.current(scheme.sequence())).hasValue(11);
  }

  @Test
  void shouldReportEveryHealToTheListenerAndSurviveOneThatThrows() {
    java.util.List<String> heals = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.github.customerid.core.listener.SequenceListener listener =
        new io.github.customerid.core.listener.SequenceListener() {
          @Override
          public void onHeal(String sequence, long from, long to, String reason) {
            heals.add(sequence + " " + from + "->" + to + " " + reason);
            throw new IllegalStateException("a broken listener");
          }
        };
    CustomerIdAssigner assigner = CustomerIdAssigner.builder(scheme, store).listener(listener)
        .build();

    Document next = new Document("role", "customer");
    assigner.insert(next);
    assigner.reconcile(); // nothing to move: no event

    assertThat(next.getString("customerId")).isEqualTo("PL11");
    assertThat(heals).singleElement().satisfies(h -> assertThat(h)
        .startsWith(scheme.sequence() + " -1->10 self-heal")
        .contains("highest stored ID PL10"));
  }

  @Test
  void shouldMoveTheCounterForwardOnReconcile() {
    ReconcileReport r = CustomerIdReconciler.builder(scheme, store).build().reconcile();

    assertThat(r.counterAfter()).isEqualTo(10);
    assertThat(r.highestInData()).hasValue(10);
    assertThat(r.changed()).isTrue();
    assertThat(store.current(scheme.sequence())).hasValue(10);
  }

  @Test
  void shouldMoveTheCounterUpToZeroOnReconcileWhenNoIdIsStored() {
    users.deleteMany(new Document());

    ReconcileReport r = CustomerIdReconciler.builder(scheme, store).build().reconcile();

    assertThat(r.highestInData()).isEmpty();
    assertThat(r.counterAfter()).isZero();
    assertThat(r.changed()).isTrue();
    assertThat(store.current(scheme.sequence())).hasValue(0);
  }

  @Test
  void shouldHealOnInsertWhenNoIdIsStored() {
    users.deleteMany(new Document());
    CustomerIdAssigner assigner = CustomerIdAssigner.builder(scheme, store).build();

    Document first = new Document("role", "customer");
    assigner.insert(first);

    assertThat(first.getString("customerId")).isEqualTo("PL1");
    assertThat(store.current(scheme.sequence())).hasValue(1);
  }

  @Test
  void shouldLeaveACounterThatIsNotANumberToTheOperator() {
    users.deleteMany(new Document());
    counters.updateOne(Filters.eq("name", scheme.sequence()), Updates.set("seq", "ten"));

    assertThatThrownBy(() -> CustomerIdReconciler.builder(scheme, store).build().reconcile())
        .isInstanceOf(CorruptCounterException.class);
    assertThat(counters.find(Filters.eq("name", scheme.sequence())).first().get("seq"))
        .isEqualTo("ten");
  }
}
