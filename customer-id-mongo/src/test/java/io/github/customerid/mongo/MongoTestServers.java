package io.github.customerid.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.github.customerid.mongo.embedded.EmbeddedMongo;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The three kinds of server the Mongo tests run against (shared with the tests of the customer
 * workflows and the migration), each started at most once per JVM:
 * the linearizable embedded server, a Testcontainers {@code mongo:8.0} replica set (only where Docker
 * runs), and the deployment named by {@value #URI_VARIABLE} (only when set).
 *
 * <p>Suites run once per {@link Server} ({@code @ParameterizedClass} over {@link #servers()}); an
 * unavailable real server skips its tests with the reason. With {@code
 * -D}{@value #REQUIRE_REAL_MONGO}{@code =true} (a CI that has Docker or a URI) a missing real MongoDB
 * fails them instead: when neither a Docker engine nor {@value #URI_VARIABLE} is there, every test on
 * a real server fails with what is missing.
 */
public final class MongoTestServers {

  /** System property that turns "no real MongoDB reachable" from a skip into a failure. */
  public static final String REQUIRE_REAL_MONGO = RealMongoRequirement.PROPERTY;

  /** A server the suites run against. */
  public enum Server {
    /** The linearizable embedded server in the test JVM; always available. */
    EMBEDDED(false),
    /** A Testcontainers {@code mongo:8.0} single-node replica set, where a Docker engine answers. */
    TESTCONTAINERS(true),
    /** The deployment named by {@value MongoTestServers#URI_VARIABLE}, when set. */
    ENVIRONMENT(true);

    private final boolean realMongo;

    Server(boolean realMongo) {
      this.realMongo = realMongo;
    }

    /** Whether this is a real MongoDB (not the embedded imitation). */
    public boolean realMongo() {
      return realMongo;
    }

    /**
     * Why this server cannot be used here, or empty if it can.
     *
     * @throws org.opentest4j.AssertionFailedError if it is a real server, none is reachable, and
     *     {@value MongoTestServers#REQUIRE_REAL_MONGO} is set
     */
    public Optional<String> unavailableBecause() {
      Optional<String> why = reason();
      if (why.isPresent() && realMongo) {
        boolean noRealServerAtAll =
            TESTCONTAINERS.reason().isPresent() && ENVIRONMENT.reason().isPresent();
        RealMongoRequirement.failIfRequired(noRealServerAtAll ? TESTCONTAINERS.reason().get()
            + " and " + ENVIRONMENT.reason().get() : why.get(), noRealServerAtAll,
            RealMongoRequirement.required());
      }
      return why;
    }

    private Optional<String> reason() {
      switch (this) {
        case TESTCONTAINERS:
          return dockerAvailable() ? Optional.empty() : Optional.of("no Docker engine answers");
        case ENVIRONMENT:
          return environment().isPresent() ? Optional.empty()
              : Optional.of(URI_VARIABLE + " is not set");
        default:
          return Optional.empty();
      }
    }

    /**
     * Skips the calling test if this server is unavailable (or fails it, see {@link
     * #unavailableBecause()}).
     */
    public void assumeAvailable() {
      unavailableBecause().ifPresent(why -> {
        throw new org.opentest4j.TestAbortedException("server " + this + ": " + why);
      });
    }

    /** The server's connection string; starts the server on first use. */
    public String uri() {
      switch (this) {
        case TESTCONTAINERS:
          return testcontainers();
        case ENVIRONMENT:
          return environment().orElseThrow();
        default:
          return embedded();
      }
    }

    /** A client of this server shared by the whole JVM; do not close it. */
    public MongoClient sharedClient() {
      return CLIENTS.computeIfAbsent(this, s -> {
        MongoClient c = client(s.uri());
        Runtime.getRuntime().addShutdownHook(new Thread(c::close));
        return c;
      });
    }

    /** The server's test database, through {@link #sharedClient()}. */
    public MongoDatabase database() {
      return sharedClient().getDatabase(databaseName(uri()));
    }

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final Map<Server, MongoClient> CLIENTS = new ConcurrentHashMap<>();
  private static volatile Boolean docker;

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

  /** Every server, for {@code @MethodSource}. */
  public static Stream<Server> servers() {
    return Stream.of(Server.values());
  }

  private static boolean dockerAvailable() {
    Boolean d = docker;
    if (d == null) {
      d = DockerClientFactory.instance().isDockerAvailable();
      docker = d;
    }
    return d;
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
