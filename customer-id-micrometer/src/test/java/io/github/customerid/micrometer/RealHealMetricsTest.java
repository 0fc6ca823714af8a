package io.github.customerid.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.github.customerid.core.AllocationMode;
import io.github.customerid.core.listener.DiscardReason;
import io.github.customerid.core.listener.Outcome;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.listener.StoreOperation;
import io.github.customerid.mongo.MongoSequenceStore;
import io.github.customerid.mongo.customers.CustomerIdAssigner;
import io.github.customerid.mongo.customers.CustomerIdIndex;
import io.github.customerid.mongo.customers.CustomerIdScheme;
import io.github.customerid.mongo.embedded.EmbeddedMongo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A heal forced through the library, not called by hand: customers hold PL1..PL10, the counter is
 * set back to 3, and the next insert draws PL4, collides, heals and retries. The meters show one
 * heal, and its distance is {@code to - from} as a listener beside the meters saw them.
 */
class RealHealMetricsTest {

  private static EmbeddedMongo server;
  private static MongoClient client;

  @BeforeAll
  static void startServer() {
    server = EmbeddedMongo.start();
    client = MongoClients.create(server.connectionString());
  }

  @AfterAll
  static void stopServer() {
    client.close();
    server.close();
  }

  @Test
  void aForcedHealGivesOneHealWithItsFromAndTo() {
    MongoDatabase db = client.getDatabase("realHeal");
    db.drop();
    CustomerIdScheme scheme = CustomerIdScheme.of(db.getCollection("users"));
    CustomerIdIndex.of(scheme).ensure();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<String> heals = new ArrayList<>();
    try (MicrometerSequenceListener metrics = new MicrometerSequenceListener(registry)) {
      SequenceListener both = new Both(metrics, heals);
      MongoSequenceStore store = MongoSequenceStore.builder(db).listener(both).build();
      CustomerIdAssigner assigner = CustomerIdAssigner.builder(scheme, store).listener(both)
          .build();
      for (int i = 0; i < 10; i++) {
        assigner.insert(new Document("role", "customer"));
      }
      // An operator restores an old backup of the counter: it is behind the IDs in use.
      db.getCollection("counters").updateOne(Filters.eq("name", "customerId"),
          Updates.set("seq", 3L));

      Document user = new Document("role", "customer");
      assigner.insert(user);

      // The insert took 4 (PL4 is taken); the heal moved the counter from 4 to 10, past PL10.
      assertThat(user.getString("customerId")).isEqualTo("PL11");
      assertThat(heals).containsExactly("customerId 4->10");
      assertThat(registry.get(MicrometerSequenceListener.HEALS).tags("sequence", "customerId")
          .counter().count()).isEqualTo(1.0);
      var distance = registry.get(MicrometerSequenceListener.HEAL_DISTANCE)
          .tags("sequence", "customerId").summary();
      assertThat(distance.count()).isEqualTo(1);
      assertThat(distance.totalAmount()).isEqualTo(10 - 4);
    }
  }

  /** Forwards every event to the meters, and records the heals' from and to. */
  private record Both(MicrometerSequenceListener metrics, List<String> heals)
      implements SequenceListener {

    @Override
    public void onAllocation(String sequence, AllocationMode mode, long count) {
      metrics.onAllocation(sequence, mode, count);
    }

    @Override
    public void onStoreCall(String sequence, StoreOperation operation, Outcome outcome,
        long durationNanos) {
      metrics.onStoreCall(sequence, operation, outcome, durationNanos);
    }

    @Override
    public void onStrictAllocation(String sequence, long count, long durationNanos) {
      metrics.onStrictAllocation(sequence, count, durationNanos);
    }

    @Override
    public void onBlockRefill(String sequence, long size, long callerWaitNanos) {
      metrics.onBlockRefill(sequence, size, callerWaitNanos);
    }

    @Override
    public void onDiscarded(String sequence, long count, DiscardReason reason) {
      metrics.onDiscarded(sequence, count, reason);
    }

    @Override
    public void onHeal(String sequence, long from, long to, String reason) {
      heals.add(sequence + " " + from + "->" + to);
      metrics.onHeal(sequence, from, to, reason);
    }

    @Override
    public void onRetry(String sequence, StoreOperation operation, Throwable cause) {
      metrics.onRetry(sequence, operation, cause);
    }
  }
}
