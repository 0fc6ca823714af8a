package io.github.customerid.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.customerid.mongo.embedded.EmbeddedMongo;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The three kinds of server the Mongo tests run against (shared with the tests of the customer
 * workflows and the migration), each started at most once per JVM:
 * the linearizable embedded server, a Testcontainers {@code mongo:8.0} replica set (only where Docker
 * runs), and the deployment named by {@value #URI_VARIABLE} (only when set).
 */
public final class MongoTestServers {

  /** Environment variable with the connection string of a real deployment to test against. */
  public static final String URI_VARIABLE = "CUSTOMER_ID_MONGODB_URI";

  /** Pinned image, never {@code latest}. */
  public static final String IMAGE = "mongo:8.0";

  private static EmbeddedMongo embedded;
  private static MongoDBContainer container;

  private MongoTestServers() {}

  public static synchronized String embedded() {
    if (embedded == null) {
      embedded = EmbeddedMongo.start();
      Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
    }
    return embedded.connectionString();
  }

  public static synchronized String testcontainers() {
    if (container == null) {
      MongoDBContainer c = new MongoDBContainer(IMAGE).withReplicaSet();
      c.start();
      container = c;
    }
    return container.getReplicaSetUrl("customer_id_test");
  }

  public static Optional<String> environment() {
    return Optional.ofNullable(System.getenv(URI_VARIABLE)).filter(s -> !s.isBlank());
  }

  /** A client with short timeouts, so that a broken server fails a test instead of hanging it. */
  public static MongoClient client(String uri) {
    return MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(uri))
        .applyToClusterSettings(b -> b.serverSelectionTimeout(20, TimeUnit.SECONDS))
        .applyToSocketSettings(b -> b.connectTimeout(5, TimeUnit.SECONDS))
        .build());
  }

  /** The database a connection string names, or a default for the tests. */
  public static String databaseName(String uri) {
    String db = new ConnectionString(uri).getDatabase();
    return db == null || db.isEmpty() ? "customer_id_test" : db;
  }
}
