package io.github.customerid.mongo.customers;

import static io.github.customerid.mongo.customers.CustomerServers.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.github.customerid.mongo.MongoSequenceStore;
import io.github.customerid.mongo.MongoTestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Eight threads insert customers with the default settings while another deletes the counter or
 * sets it back, dozens of times: no caller may see an error, and no ID may be given twice.
 */
class TamperingTest {

  private static final int THREADS = 8;
  private static final int INSERTS_PER_THREAD = 150;
  private static final int TAMPERINGS = 48;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void shouldLetEveryInsertThroughWhileTheCounterIsDeletedOrSetBackDozensOfTimes()
      throws Exception {
    MongoDatabase db = MongoTestServers.client(MongoTestServers.embedded()).getDatabase("tamper");
    MongoSequenceStore store = MongoSequenceStore.create(db);
    MongoCollection<Document> counters = db.getCollection(MongoSequenceStore.DEFAULT_COLLECTION);
    MongoCollection<Document> users = db.getCollection(fresh("users"));
    CustomerIdScheme scheme = CustomerIdScheme.builder(users).sequence(fresh("seq")).build();
    CustomerIdIndex.of(scheme).ensure();
    CustomerIdAssigner assigner = CustomerIdAssigner.builder(scheme, store).build();

    AtomicInteger inserted = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> inserters = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      inserters.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < INSERTS_PER_THREAD; i++) {
          try {
            assigner.insert(new Document("role", "customer"));
            inserted.incrementAndGet();
          } catch (RuntimeException e) {
            errors.add(e);
          }
        }
        return null;
      }));
    }
    Future<Integer> tamperer = pool.submit(() -> {
      Random random = new Random(9);
      int done = 0;
      go.await();
      int total = THREADS * INSERTS_PER_THREAD;
      for (int k = 1; k <= TAMPERINGS; k++) {
        int threshold = k * total / (TAMPERINGS + 1);
        while (inserted.get() < threshold && !inserters.stream().allMatch(Future::isDone)) {
          Thread.onSpinWait();
        }
        if (random.nextBoolean()) {
          counters.deleteOne(Filters.eq("name", scheme.sequence()));
        } else {
          counters.updateOne(Filters.eq("name", scheme.sequence()),
              Updates.set("seq", (long) random.nextInt(Math.max(1, inserted.get()))),
              new UpdateOptions().upsert(true));
        }
        done++;
      }
      return done;
    });
    go.countDown();
    for (Future<?> f : inserters) {
      f.get(2, TimeUnit.MINUTES);
    }
    int tamperings = tamperer.get(1, TimeUnit.MINUTES);
    pool.shutdown();

    assertThat(errors).as("errors seen by callers").isEmpty();
    assertThat(tamperings).isEqualTo(TAMPERINGS);
    List<String> ids = new ArrayList<>();
    users.find().forEach(d -> ids.add(d.getString("customerId")));
    assertThat(ids).hasSize(THREADS * INSERTS_PER_THREAD).doesNotContainNull()
        .doesNotHaveDuplicates();
  }
}
