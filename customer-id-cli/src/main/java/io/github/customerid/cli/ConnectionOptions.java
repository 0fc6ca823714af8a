package io.github.customerid.cli;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.mongo.MongoSequenceStore;
import io.github.customerid.mongo.customers.CustomerIdAssigner;
import io.github.customerid.mongo.customers.CustomerIdScheme;
import io.github.customerid.mongo.migration.CustomerIdMigration;
import io.github.customerid.mongo.migration.CustomerIdVerifier;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import picocli.CommandLine.Option;

/**
 * Where the customers and the counter live, with the defaults of the Node/Mongoose system this tool
 * replaces: the options every command that talks to MongoDB shares. Also {@code --json} and {@code
 * --verbose}.
 */
final class ConnectionOptions {

  /** Environment variable read when {@code --uri} is not given. */
  static final String URI_ENV = "CUSTOMER_ID_MONGODB_URI";

  /** Used when neither {@code --uri} nor the environment variable is set. */
  static final String DEFAULT_URI = "mongodb://localhost:27017";

  @Option(names = "--uri", paramLabel = "URI",
      description = {"MongoDB connection string. Default: $" + URI_ENV + ", else",
          DEFAULT_URI + ". Credentials in it are never printed."})
  String uri;

  @Option(names = {"-d", "--database"}, paramLabel = "NAME",
      description = "Database (default: the one named in the URI).")
  String database;

  @Option(names = "--users", paramLabel = "COLLECTION", defaultValue = "users",
      description = "Collection of users (default: ${DEFAULT-VALUE}).")
  String users;

  @Option(names = "--counters", paramLabel = "COLLECTION", defaultValue = "counters",
      description = "Collection of counters (default: ${DEFAULT-VALUE}).")
  String counters;

  @Option(names = "--field", paramLabel = "FIELD", defaultValue = "customerId",
      description = "Field holding the customer ID (default: ${DEFAULT-VALUE}).")
  String field;

  @Option(names = "--role", paramLabel = "ROLE", defaultValue = "customer",
      description = "Value of `role` that marks a customer (default: ${DEFAULT-VALUE}).")
  String role;

  @Option(names = "--sequence", paramLabel = "NAME", defaultValue = "customerId",
      description = "Counter name, {name: ...} in the counters collection (default: ${DEFAULT-VALUE}).")
  String sequence;

  @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "PL",
      description = "ID prefix (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
      description = "Give up reaching MongoDB after this many seconds (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--json", description = "Print the result as one JSON document on stdout.")
  boolean json;

  @Option(names = {"-v", "--verbose"}, description = "Log details and show stack traces of errors.")
  boolean verbose;

  /** Where environment variables are read; the process environment unless a test sets another. */
  private Map<String, String> environment = System.getenv();

  void environment(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** The URI to use: the option, else the environment variable, else localhost. */
  String effectiveUri() {
    if (uri != null) {
      return uri;
    }
    String env = environment.get(URI_ENV);
    return env != null && !env.isBlank() ? env : DEFAULT_URI;
  }

  /**
   * Names where {@link #effectiveUri()} came from, for messages: {@code --uri}, {@code
   * $CUSTOMER_ID_MONGODB_URI}, or the default.
   */
  String uriSource() {
    if (uri != null) {
      return "--uri";
    }
    String env = environment.get(URI_ENV);
    return env != null && !env.isBlank() ? "$" + URI_ENV
        : "the default URI (neither --uri nor $" + URI_ENV + " is set)";
  }

  /** Redacts the secrets of the effective URI. */
  Redaction redaction() {
    return Redaction.forUri(effectiveUri());
  }

  IdFormat format() {
    try {
      return IdFormat.of(prefix);
    } catch (InvalidConfigurationException e) {
      throw new UsageProblem("bad --prefix: " + e.getMessage());
    }
  }

  /** Validates the options and connects (lazily: the first operation waits for the server). */
  Session open() {
    return open(false);
  }

  /**
   * Validates the options and connects; a read-only session never creates an index (the counter
   * store's first-use index creation is turned off).
   */
  Session open(boolean readOnly) {
    String raw = effectiveUri();
    ConnectionString cs;
    try {
      cs = new ConnectionString(raw);
    } catch (IllegalArgumentException e) {
      throw new UsageProblem("malformed " + (uri != null ? "--uri" : "URI in " + uriSource())
          + " " + redaction().apply(raw) + ": " + redaction().apply(e.getMessage()));
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 600) {
      throw new UsageProblem("--timeout must be between 1 and 600 seconds, was " + timeoutSeconds);
    }
    String db = database != null ? database : cs.getDatabase();
    if (db == null || db.isBlank()) {
      throw new UsageProblem("no database: give --database NAME or name it in the URI of "
          + uriSource() + " (mongodb://host/NAME)");
    }
    IdFormat format = format();
    try {
      io.github.customerid.core.spi.StoreArguments.checkSequence(sequence);
    } catch (InvalidConfigurationException e) {
      throw new UsageProblem("bad --sequence: " + e.getMessage());
    }
    MongoClientSettings settings = MongoClientSettings.builder()
        .applyConnectionString(cs)
        .applyToClusterSettings(b -> b.serverSelectionTimeout(timeoutSeconds, TimeUnit.SECONDS))
        .applyToSocketSettings(b -> b.connectTimeout(timeoutSeconds, TimeUnit.SECONDS))
        .build();
    return new Session(MongoClients.create(settings), db, this, format, readOnly);
  }

  /** An open connection and everything built on it. */
  static final class Session implements AutoCloseable {
    final MongoClient client;
    final MongoDatabase database;
    final MongoCollection<Document> users;
    final MongoSequenceStore store;
    final IdFormat format;
    final ConnectionOptions options;

    Session(MongoClient client, String database, ConnectionOptions options, IdFormat format,
        boolean readOnly) {
      this.client = client;
      this.database = client.getDatabase(database);
      this.users = this.database.getCollection(options.users);
      this.store = MongoSequenceStore.builder(this.database).collection(options.counters)
          .createCounterIndex(!readOnly).build();
      this.format = format;
      this.options = options;
    }

    IdAllocator allocator() {
      return IdAllocator.builder(store).sequence(options.sequence).format(format).build();
    }

    /** Where the customer IDs live, from the options. */
    CustomerIdScheme scheme() {
      CustomerIdScheme.Builder b = CustomerIdScheme.builder(users).format(format);
      UsageProblem.forOption("--field", () -> b.idField(options.field));
      UsageProblem.forOption("--role", () -> b.customers(CustomerIdScheme.DEFAULT_CUSTOMER_FIELD,
          options.role));
      UsageProblem.forOption("--sequence", () -> b.sequence(options.sequence));
      return UsageProblem.forOption("--field", b::build);
    }

    CustomerIdMigration.Builder migration() {
      return CustomerIdMigration.builder(scheme(), store);
    }

    CustomerIdVerifier.Builder verifier() {
      return CustomerIdVerifier.builder(scheme(), store);
    }

    CustomerIdAssigner assigner() {
      return CustomerIdAssigner.builder(scheme(), store).build();
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
