package io.github.customerid.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.github.customerid.core.StoreException;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.listener.StoreOperation;
import io.github.customerid.mongo.embedded.LinearizableBackend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pauses between attempts, made observable: a server that lets the Node/Mongoose system win the
 * compare-and-set of a counter stored as a double (it increments the double between the store's read
 * and its compare-and-set), and one that answers every command with a transient WriteConflict. The
 * store pauses between attempts, with jitter, and never after the last one.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class NodeDoubleRetryTest {

  /** Compare-and-sets of "beaten-" sequences that Node still wins. */
  private final AtomicInteger nodeWinsLeft = new AtomicInteger();
  private final AtomicInteger compareAndSets = new AtomicInteger();
  private final List<Long> pauses = Collections.synchronizedList(new ArrayList<>());
  private MongoServer server;
  private MongoClient client;
  private MongoDatabase db;

  @BeforeEach
  void start() {
    MongoBackend real = new LinearizableBackend(new MemoryBackend());
    MongoBackend hostile = (MongoBackend) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {MongoBackend.class}, (proxy, method, args) -> {
          try {
            if (method.getName().equals("handleMessage")) {
              MongoMessage message = (MongoMessage) args[0];
              String text = message.getDocument().toString();
              if (text.contains("flaky-")) {
                throw new MongoServerError(112, "WriteConflict", "injected write conflict");
              }
              if (text.contains("beaten-") && text.contains("$set")) {
                compareAndSets.incrementAndGet();
                if (nodeWinsLeft.getAndDecrement() > 0) {
                  method.invoke(real, new MongoMessage(message.getChannel(), message.getHeader(),
                      nodeIncrements(message.getDatabaseName())));
                }
              }
            }
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    server = new MongoServer(hostile);
    server.bind("127.0.0.1", 0);
    client = MongoTestServers.client("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    db = client.getDatabase("pauses");
  }

  /** What a Node client does in between: {@code $inc: {seq: 1}} on the double, which stays a double. */
  private static Document nodeIncrements(String database) {
    return new Document("findAndModify", "counters")
        .append("query", new Document("name", "beaten-a"))
        .append("update", new Document("$inc", new Document("seq", 1)))
        .append("$db", database);
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  private void nodeCounterAt(double value) {
    db.getCollection("counters", BsonDocument.class).insertOne(
        new BsonDocument("name", new BsonString("beaten-a")).append("seq", new BsonDouble(value)));
  }

  /** The un-jittered pause after failed attempt {@code n}: 10, 20, 40, 80, 160, 200 ms. */
  private static long base(int n) {
    return Math.min(200, 5L << Math.min(n, 6));
  }

  private void assertJitteredPauses(int count) {
    assertThat(pauses).as("pauses").hasSize(count);
    for (int i = 0; i < count; i++) {
      assertThat(pauses.get(i)).as("pause after attempt %d", i + 1)
          .isBetween(base(i + 1) / 2, base(i + 1));
    }
  }

  @Test
  void shouldPauseBetweenConversionAttemptsAndNeverAfterTheLast() {
    nodeCounterAt(23.0);
    nodeWinsLeft.set(Integer.MAX_VALUE);
    MongoSequenceStore store =
        MongoSequenceStore.builder(db).maxAttempts(4).pause(pauses::add).build();

    assertThatThrownBy(() -> store.allocate("beaten-a", 1))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("\"beaten-a\"")
        .hasMessageContaining("after 4 attempts");
    assertThat(compareAndSets).hasValue(4);
    assertJitteredPauses(3);
    assertThat(store.current("beaten-a")).as("Node took 24..27, the store none").hasValue(27);
  }

  @Test
  void shouldConvertOnceNodeStopsWinning() {
    nodeCounterAt(23.0);
    nodeWinsLeft.set(2);
    MongoSequenceStore store = MongoSequenceStore.builder(db).pause(pauses::add).build();

    assertThat(store.allocate("beaten-a", 1)).isEqualTo(26);
    assertThat(compareAndSets).hasValue(3);
    assertJitteredPauses(2);
  }

  @Test
  void shouldNotPauseAfterTheLastTransientFailure() {
    MongoSequenceStore store =
        MongoSequenceStore.builder(db).maxAttempts(3).pause(pauses::add).build();
    assertThatThrownBy(() -> store.allocate("flaky-a", 1))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("after 3 attempts");
    assertJitteredPauses(2);
  }

  @Test
  void shouldDrawTheJitterFromTheInjectedRandomSource() {
    nodeCounterAt(23.0);
    nodeWinsLeft.set(Integer.MAX_VALUE);
    MongoSequenceStore longest = MongoSequenceStore.builder(db).maxAttempts(4)
        .pause(pauses::add).jitter(bound -> bound - 1).build();
    assertThatThrownBy(() -> longest.allocate("beaten-a", 1)).isInstanceOf(StoreException.class);
    assertThat(pauses).containsExactly(10L, 20L, 40L);

    pauses.clear();
    MongoSequenceStore shortest = MongoSequenceStore.builder(db).maxAttempts(4)
        .pause(pauses::add).jitter(bound -> 0).build();
    assertThatThrownBy(() -> shortest.allocate("beaten-a", 1)).isInstanceOf(StoreException.class);
    assertThat(pauses).containsExactly(5L, 10L, 20L);

    List<List<Long>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      pauses.clear();
      SplittableRandom seeded = new SplittableRandom(42);
      MongoSequenceStore store = MongoSequenceStore.builder(db).maxAttempts(6)
          .pause(pauses::add).jitter(seeded::nextLong).build();
      assertThatThrownBy(() -> store.allocate("beaten-a", 1)).isInstanceOf(StoreException.class);
      assertJitteredPauses(5);
      runs.add(List.copyOf(pauses));
    }
    assertThat(runs.get(1)).as("same seed, same pauses").isEqualTo(runs.get(0));
  }

  @Test
  void shouldReportEveryRetryToTheListenerAndSurviveAThrowingOne() {
    nodeCounterAt(23.0);
    nodeWinsLeft.set(2);
    List<String> retries = Collections.synchronizedList(new ArrayList<>());
    SequenceListener listener = new SequenceListener() {
      @Override
      public void onRetry(String sequence, StoreOperation operation, Throwable cause) {
        retries.add(sequence + " " + operation + " " + (cause instanceof MongoException));
        throw new IllegalStateException("a broken listener");
      }
    };
    MongoSequenceStore store =
        MongoSequenceStore.builder(db).pause(pauses::add).listener(listener).build();

    assertThat(store.allocate("beaten-a", 1)).isEqualTo(26);
    assertThat(retries).containsExactly("beaten-a ALLOCATE true", "beaten-a ALLOCATE true");

    retries.clear();
    MongoSequenceStore flaky = MongoSequenceStore.builder(db).maxAttempts(3).pause(pauses::add)
        .listener(listener).build();
    assertThatThrownBy(() -> flaky.current("flaky-a")).isInstanceOf(StoreException.class);
    assertThat(retries).containsExactly("flaky-a READ true", "flaky-a READ true");
  }
}
