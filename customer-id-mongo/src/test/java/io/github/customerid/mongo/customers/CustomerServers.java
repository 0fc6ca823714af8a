package io.github.customerid.mongo.customers;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.github.customerid.mongo.MongoTestServers;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The servers the customer-workflow suites run against, one parameter each: the embedded server
 * always, a Testcontainers {@code mongo:8.0} replica set where Docker answers, the deployment named
 * by {@code CUSTOMER_ID_MONGODB_URI} when set. An unavailable server is a skipped test with the
 * reason, never a failure.
 */
final class CustomerServers {

  private static final Map<String, MongoClient> CLIENTS = new ConcurrentHashMap<>();

  private CustomerServers() {}

  /** One server to test against. */
  record Server(String name, boolean realMongo, Supplier<Optional<String>> uri) {

    /**
     * Why the server cannot be used here, or empty if it can; fails instead when a real MongoDB is
     * required and none is reachable (see {@link MongoTestServers#REQUIRE_REAL_MONGO}).
     */
    Optional<String> unavailableBecause() {
      return MongoTestServers.Server.valueOf(name.toUpperCase(java.util.Locale.ROOT))
          .unavailableBecause();
    }

    /** The server's test database, connected once per JVM. */
    MongoDatabase database() {
      String u = uri.get().orElseThrow();
      MongoClient client = CLIENTS.computeIfAbsent(u, k -> {
        MongoClient c = MongoTestServers.client(k);
        Runtime.getRuntime().addShutdownHook(new Thread(c::close));
        return c;
      });
      return client.getDatabase(MongoTestServers.databaseName(u));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Server> all() {
    return Stream.of(
        new Server("embedded", false, () -> Optional.of(MongoTestServers.embedded())),
        new Server("testcontainers", true, () -> Optional.of(MongoTestServers.testcontainers())),
        new Server("environment", true, MongoTestServers::environment));
  }

  /** A collection or sequence name no other test uses. */
  static String fresh(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
