package io.github.customerid.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.github.customerid.core.StoreException;
import io.github.customerid.mongo.embedded.LinearizableBackend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The duplicate-key branch of an upsert race, made deterministic. Behind the linearizable fixture two
 * upserts never interleave, so a real race cannot happen there; on a real server it does (both find
 * no document, both insert, one gets E11000). This server plays the winner: the first upsert of a
 * "lostrace-" sequence is executed (the other client's win) and then answered with error 11000.
 * It also injects a WriteConflict (retried) and a permanent error (surfaced as a store failure).
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class LostUpsertRaceTest {

  private final Set<String> raced = ConcurrentHashMap.newKeySet();
  private final AtomicInteger injected = new AtomicInteger();
  private final AtomicInteger conflicted = new AtomicInteger();
  private final AtomicInteger givenBack = new AtomicInteger();
  private MongoServer server;
  private MongoClient client;
  private MongoDatabase db;

  @BeforeEach
  void start() {
    MongoBackend real = new LinearizableBackend(new MemoryBackend());
    MongoBackend racing = (MongoBackend) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {MongoBackend.class}, (proxy, method, args) -> {
          try {
            if (method.getName().equals("handleMessage")) {
              Document command = ((MongoMessage) args[0]).getDocument();
              String text = command.toString();
              String name = text.replaceAll("(?s).*\"(lostrace-[^\"]*)\".*", "$1");
              boolean upsert = Boolean.TRUE.equals(command.get("upsert"))
                  || text.contains("\"upsert\" : true");
              if (text.contains("writeconflict-") && conflicted.getAndIncrement() == 0) {
                throw new MongoServerError(112, "WriteConflict", "injected write conflict");
              }
              if (text.contains("badvalue-")) {
                throw new MongoServerError(2, "BadValue", "injected permanent failure");
              }
              if (text.contains("giveback-") && text.contains("$set")
                  && givenBack.getAndIncrement() == 0) {
                method.invoke(real, args); // the give-back is applied...
                MongoMessage message = (MongoMessage) args[0];
                method.invoke(real, new MongoMessage(message.getChannel(), message.getHeader(),
                    othersAllocate(message.getDatabaseName())));
                // ...and its reply is lost.
                throw new MongoServerError(91, "ShutdownInProgress", "injected: reply lost");
              }
              if (!name.equals(text) && upsert && raced.add(name)) {
                method.invoke(real, args); // the other client's upsert wins...
                injected.incrementAndGet();
                throw new MongoServerError(11000, "DuplicateKey",
                    "E11000 duplicate key error (injected: this client lost the upsert race)");
              }
            }
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    server = new MongoServer(racing);
    server.bind("127.0.0.1", 0);
    client = MongoTestServers.client("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    db = client.getDatabase("race");
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void shouldRetryAnAllocationThatLostTheUpsertRace() {
    MongoSequenceStore store = MongoSequenceStore.create(db);
    // The winner took 1; the loser retries transparently and gets 2.
    assertThat(store.allocate("lostrace-a", 1)).isEqualTo(2);
    assertThat(injected).hasValue(1);
    assertThat(db.getCollection("counters").countDocuments(Filters.eq("name", "lostrace-a")))
        .isEqualTo(1);
  }

  @Test
  void shouldRetryAnAdvanceThatLostTheUpsertRace() {
    MongoSequenceStore store = MongoSequenceStore.create(db);
    assertThat(store.advanceTo("lostrace-c", 40)).isEqualTo(40);
    assertThat(injected).hasValue(1);
  }

  /**
   * Other clients take the given-back numbers 4..10 before the lost reply is noticed, so the counter
   * is at the old block end again: a give-back sent a second time would match and hand 4..10 out twice.
   */
  private static Document othersAllocate(String database) {
    return new Document("findAndModify", "counters")
        .append("query", new Document("name", "giveback-a"))
        .append("update", new Document("$inc", new Document("seq", 7L)))
        .append("$db", database);
  }

  @Test
  void shouldNotSendAGiveBackAgainWhoseReplyWasLost() {
    MongoSequenceStore store = MongoSequenceStore.create(db);
    long end = store.allocate("giveback-a", 10);
    assertThatThrownBy(() -> store.giveBack("giveback-a", end, 3))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("\"giveback-a\"")
        .hasMessageContaining("race.counters")
        .hasCauseInstanceOf(MongoCommandException.class);
    assertThat(givenBack).as("give-back updates sent").hasValue(1);
    assertThat(store.current("giveback-a")).hasValue(10);
    assertThat(store.allocate("giveback-a", 1)).as("4..10 went to the others").isEqualTo(11);
  }

  @Test
  void shouldRetryAWriteConflict() {
    MongoSequenceStore store = MongoSequenceStore.create(db);
    assertThat(store.allocate("writeconflict-a", 1)).isEqualTo(1);
    assertThat(conflicted).hasValue(2);
  }

  @Test
  void shouldSurfaceAPermanentErrorAsAStoreFailureNamingCollectionAndSequence() {
    MongoSequenceStore store = MongoSequenceStore.create(db);
    assertThatThrownBy(() -> store.allocate("badvalue-a", 1))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("race.counters")
        .hasMessageContaining("\"badvalue-a\"")
        .hasCauseInstanceOf(MongoCommandException.class);
  }
}
