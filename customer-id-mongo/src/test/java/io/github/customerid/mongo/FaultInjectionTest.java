package io.github.customerid.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.customerid.core.StoreException;
import io.github.customerid.mongo.embedded.EmbeddedMongo;
import io.github.customerid.mongo.embedded.FaultInjectingProxy;
import io.github.customerid.testkit.ConcurrentAllocationCheck;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Allocations through a proxy that keeps cutting connections, including after the server applied the
 * {@code $inc} but before the reply arrived: no value is ever returned twice, the counter is never
 * behind what was returned, and every failure the caller sees is a {@link StoreException}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FaultInjectionTest {

  private static final int THREADS = 8;
  private static final int PER_THREAD = 1_250;

  @Test
  void shouldNeverDuplicateWhileConnectionsAreCutAtRandom() throws Exception {
    try (EmbeddedMongo mongo = EmbeddedMongo.start()) {
      try (FaultInjectingProxy proxy = FaultInjectingProxy.builder(mongo.address())
              .cutProbability(0.01).seed(20_261_125L).start();
          MongoClient faulty = MongoClients.create(MongoClientSettings.builder()
              .applyConnectionString(new ConnectionString(proxy.connectionString()))
              .applyToClusterSettings(b -> b.serverSelectionTimeout(3, TimeUnit.SECONDS))
              .applyToServerSettings(b -> b.heartbeatFrequency(50, TimeUnit.MILLISECONDS)
                  .minHeartbeatFrequency(10, TimeUnit.MILLISECONDS))
              .applyToSocketSettings(b -> b.connectTimeout(2, TimeUnit.SECONDS)
                  .readTimeout(5, TimeUnit.SECONDS))
              .build());
          MongoClient direct = MongoTestServers.client(mongo.connectionString())) {
        // Two attempts per call: most cuts are absorbed by the retry, some reach the caller.
        MongoSequenceStore store =
            MongoSequenceStore.builder(faulty.getDatabase("faults")).maxAttempts(2).build();
        long start = System.nanoTime();
        ConcurrentAllocationCheck.Result r = ConcurrentAllocationCheck.run(THREADS, PER_THREAD,
            () -> store.allocate("customerId", 1));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long counter = MongoSequenceStore.create(direct.getDatabase("faults"))
            .current("customerId").orElse(0);
        long returned = r.values().length;
        System.out.printf("fault proxy: %d calls in %d ms; %d values returned, %d failures seen by "
                + "the caller, counter at %d (%d numbers burnt), %d connections, %d requests cut, "
                + "%d replies cut after the server applied the command%n",
            THREADS * PER_THREAD, millis, returned, r.failures().size(), counter,
            counter - returned, proxy.connections(), proxy.requestsCut(), proxy.repliesCut());

        assertThat(r.duplicates()).as("duplicates").isEmpty();
        assertThat(returned + r.failures().size()).isEqualTo(THREADS * PER_THREAD);
        assertThat(r.failures()).allSatisfy(e -> assertThat(e).isInstanceOf(StoreException.class));
        assertThat(counter).as("counter never behind the highest value returned")
            .isGreaterThanOrEqualTo(r.values()[r.values().length - 1]);
        assertThat(proxy.cuts()).as("cuts").isGreaterThan(100);
        assertThat(proxy.repliesCut()).as("replies lost after the $inc").isGreaterThan(20);
      }
    }
  }
}
