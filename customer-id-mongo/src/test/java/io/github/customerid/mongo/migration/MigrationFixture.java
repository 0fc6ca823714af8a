package io.github.customerid.mongo.migration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.mongo.MongoSequenceStore;
import io.github.customerid.mongo.customers.CustomerIdScheme;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Random;
import io.github.customerid.mongo.embedded.EmbeddedMongo;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.bson.types.ObjectId;

/** Test data in the shape of the Node/Mongoose system this library replaces: {@code users} with roles, {@code counters} with {name, seq}. */
final class MigrationFixture {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static EmbeddedMongo server;
  private static MongoClient client;

  final MongoDatabase db;
  final MongoCollection<Document> users;
  final MongoCollection<Document> counters;
  final MongoSequenceStore store;

  /**
   * The linearizable embedded server shared by this package's tests, started once per test JVM and
   * stopped at exit; every fixture works in a database of its own.
   */
  static synchronized EmbeddedMongo server() {
    if (server == null) {
      server = EmbeddedMongo.start();
      client = MongoClients.create(server.connectionString());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        client.close();
        server.close();
      }));
    }
    return server;
  }

  /** A fixture in a fresh database of the shared {@link #server()}. */
  MigrationFixture() {
    this(sharedClient());
  }

  private static synchronized MongoClient sharedClient() {
    server();
    return client;
  }

  MigrationFixture(MongoClient client) {
    db = client.getDatabase("migration" + DATABASES.incrementAndGet());
    users = db.getCollection("users");
    counters = db.getCollection("counters");
    store = MongoSequenceStore.builder(db).build();
  }

  /** The Node service's scheme: {@code users}, {@code role: "customer"}, {@code customerId}, PL. */
  CustomerIdScheme scheme() {
    return CustomerIdScheme.of(users);
  }

  IdAllocator allocator() {
    return IdAllocator.builder(store).build();
  }

  void createUniqueIndex() {
    users.createIndex(Indexes.ascending("customerId"),
        new IndexOptions().unique(true).sparse(true).name("customerId_unique"));
  }

  /**
   * Inserts {@code count} customers without an ID, created one second apart starting at {@code
   * epochSecond}, in shuffled insertion order so that natural order differs from creation order.
   *
   * @return their {@code _id}s in creation order
   */
  List<ObjectId> insertLegacyCustomers(int count, long epochSecond, long seed) {
    List<Document> docs = new ArrayList<>(count);
    List<ObjectId> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ObjectId id = new ObjectId(new Date((epochSecond + i) * 1000L), i & 0xFFFFFF);
      ids.add(id);
      docs.add(new Document("_id", id).append("role", "customer").append("name", "legacy " + i)
          .append("email", "legacy" + i + "@example.com"));
    }
    Collections.shuffle(docs, new Random(seed));
    for (int from = 0; from < docs.size(); from += 10_000) {
      users.insertMany(docs.subList(from, Math.min(docs.size(), from + 10_000)));
    }
    return ids;
  }

  void insertNonCustomers(int count) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      docs.add(new Document("role", i % 2 == 0 ? "admin" : "receptionist").append("name", "staff " + i));
    }
    users.insertMany(docs);
  }
}
