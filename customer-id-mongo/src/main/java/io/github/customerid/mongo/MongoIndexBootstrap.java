package io.github.customerid.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.github.customerid.core.CorruptCounterException;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.StoreException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the indexes the customer-ID data needs, idempotently, for example at application start-up:
 *
 * <pre>{@code
 * List<String> created = MongoIndexBootstrap.builder(database).build().ensureIndexes();
 * }</pre>
 *
 * <table>
 *   <caption>Indexes (defaults)</caption>
 *   <tr><th>Collection</th><th>Keys</th><th>Options</th><th>Why</th></tr>
 *   <tr><td>{@code counters}</td><td>{@code {name: 1}}</td><td>{@code unique}</td>
 *       <td>never two counter documents for one sequence (an {@code _id}-keyed layout needs none)</td></tr>
 *   <tr><td>{@code users}</td><td>{@code {customerId: 1}}</td><td>{@code unique, sparse}</td>
 *       <td>never two users with one customer ID, while users without an ID (non-customers, customers
 *       not yet migrated) may exist in any number</td></tr>
 * </table>
 *
 * <p><b>Sparse, not partial.</b> Both a sparse unique index and a partial one with {@code
 * partialFilterExpression: {customerId: {$exists: true}}} let documents without the field exist, and a
 * real MongoDB enforces both. Sparse is chosen because it is what the Node service declares ({@code
 * unique: true, sparse: true} in Mongoose gives exactly this index, so the two services agree on one
 * index instead of conflicting), because every query by customer ID can use it (a partial index is used
 * only when the query provably implies its filter), and because the embedded test server enforces it
 * faithfully (it ignores partial filters). Either index treats an explicit {@code customerId: null} as
 * a value, so never store {@code null}: leave the field out, as {@code customers.CustomerIdAssigner} does. An
 * existing unique partial index on the field is accepted as equivalent.
 *
 * <p><b>Idempotent and honest.</b> An index that already exists with the same keys and compatible
 * options is left alone; running {@link #ensureIndexes()} twice changes nothing. An index with the same
 * keys but other options (say, not unique) is reported as an {@link InvalidConfigurationException}
 * naming it; it is never dropped or duplicated. What it creates is logged at INFO.
 *
 * <p>Immutable and thread-safe; concurrent calls from several application instances are safe.
 */
public final class MongoIndexBootstrap {

  /** Default users collection, as in the Node service. */
  public static final String DEFAULT_USERS_COLLECTION = "users";

  /** Default field of the users holding the customer ID, as in the Node service. */
  public static final String DEFAULT_ID_FIELD = "customerId";

  private static final Logger log = LoggerFactory.getLogger(MongoIndexBootstrap.class);

  private final MongoDatabase database;
  private final String countersCollection;
  private final String counterKeyField;
  private final String usersCollection;
  private final String idField;

  private MongoIndexBootstrap(Builder b) {
    this.database = b.database;
    this.countersCollection = b.countersCollection;
    this.counterKeyField = b.counterKeyField;
    this.usersCollection = b.usersCollection;
    this.idField = b.idField;
  }

  /**
   * Starts a builder with the defaults of the Node service: counters in {@code counters} keyed by
   * {@code name}, users in {@code users} with the ID in {@code customerId}.
   *
   * @param database the database holding both collections
   * @return a builder
   * @throws NullPointerException if {@code database} is null
   */
  public static Builder builder(MongoDatabase database) {
    return new Builder(database);
  }

  /**
   * Creates every missing index; leaves compatible existing ones alone.
   *
   * @return the indexes this call created, as {@code collection.indexName} in creation order; empty
   *     when everything was already in place
   * @throws InvalidConfigurationException if an index with the same keys exists with incompatible
   *     options (the message names the index and what to do)
   * @throws CorruptCounterException if the counter index cannot be created because two counter
   *     documents share a sequence name
   * @throws StoreException if the users' index cannot be created because two users share an ID, or
   *     MongoDB failed
   */
  public List<String> ensureIndexes() {
    List<String> created = new ArrayList<>(2);
    if (!"_id".equals(counterKeyField)) {
      CounterIndex.ensure(database.getCollection(countersCollection), counterKeyField)
          .ifPresent(created::add);
    }
    MongoCollection<Document> users = database.getCollection(usersCollection);
    try {
      ensureUnique(users, idField, true).ifPresent(created::add);
    } catch (MongoException e) {
      if (MongoErrors.isDuplicateKey(e)) {
        throw new StoreException("cannot create the unique index on " + idField + " of "
            + users.getNamespace() + ": two or more users already share a customer ID ("
            + e.getMessage() + "); give the duplicates new IDs, then run the bootstrap again", e);
      }
      throw failed(users, e);
    }
    return Collections.unmodifiableList(created);
  }

  private static Optional<String> ensureUnique(MongoCollection<?> collection, String field,
      boolean allowMissing) {
    String where = collection.getNamespace().getFullName();
    for (SingleFieldIndex index : SingleFieldIndex.on(collection, field)) {
      if (!index.ascendingOrDescending()) {
        continue;
      }
      String name = index.name();
      boolean unique = index.unique();
      boolean sparse = index.sparse();
      boolean partial = index.partial();
      String problem = null;
      if (!unique) {
        problem = "is not unique";
      } else if (allowMissing && !sparse && !partial) {
        problem = "is unique but neither sparse nor partial, so documents without " + field
            + " collide on null";
      } else if (!allowMissing && partial) {
        problem = "is partial, so it does not cover every counter document";
      }
      if (problem != null) {
        throw new InvalidConfigurationException("index \"" + name + "\" on " + where + " has the "
            + "key " + field + " but " + problem + " (" + index.toJson() + "). It was left "
            + "unchanged; drop it and run the bootstrap again to get a unique"
            + (allowMissing ? ", sparse" : "") + " index");
      }
      log.debug("Index \"{}\" on {} already in place: {}", name, where, index.toJson());
      return Optional.empty();
    }
    IndexOptions options = new IndexOptions().unique(true);
    if (allowMissing) {
      options.sparse(true);
    }
    String name = collection.createIndex(Indexes.ascending(field), options);
    log.info("Created unique{} index \"{}\" on {} ({{}: 1})", allowMissing ? " sparse" : "", name,
        where, field);
    return Optional.of(collection.getNamespace().getCollectionName() + "." + name);
  }

  private static StoreException failed(MongoCollection<?> collection, MongoException e) {
    return new StoreException("MongoDB failed to ensure the customer-id indexes on "
        + collection.getNamespace() + ": " + e.getMessage(), e);
  }

  /**
   * Describes the bootstrap, for logs.
   *
   * @return the collections and fields it covers
   */
  @Override
  public String toString() {
    return "MongoIndexBootstrap[" + database.getName() + "." + countersCollection + "."
        + counterKeyField + ", " + database.getName() + "." + usersCollection + "." + idField + "]";
  }

  /** Builds a {@link MongoIndexBootstrap}. Not thread-safe; the bootstrap is. */
  public static final class Builder {
    private final MongoDatabase database;
    private String countersCollection = MongoSequenceStore.DEFAULT_COLLECTION;
    private String counterKeyField = MongoSequenceStore.DEFAULT_KEY_FIELD;
    private String usersCollection = DEFAULT_USERS_COLLECTION;
    private String idField = DEFAULT_ID_FIELD;

    private Builder(MongoDatabase database) {
      this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Sets the counter collection and key field (default {@code counters}, {@code name}).
     *
     * @param collection the counter collection
     * @param keyField the field holding the sequence name; {@code _id} needs no index
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException if {@code keyField} is not a top-level field name
     */
    public Builder counters(String collection, String keyField) {
      this.countersCollection = Objects.requireNonNull(collection, "collection");
      this.counterKeyField = MongoNames.checkTopLevelField("keyField", keyField);
      return this;
    }

    /**
     * Takes the counter collection and key field from a store.
     *
     * @param store the store whose counters need the index
     * @return this builder
     * @throws NullPointerException if {@code store} is null
     */
    public Builder counters(MongoSequenceStore store) {
      Objects.requireNonNull(store, "store");
      return counters(store.collectionName(), store.keyField());
    }

    /**
     * Sets the users collection and the field holding the customer ID (default {@code users}, {@code
     * customerId}).
     *
     * @param collection the users collection
     * @param idField the field holding the customer ID
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException if {@code idField} is empty or starts with {@code $}
     */
    public Builder users(String collection, String idField) {
      this.usersCollection = Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(idField, "idField");
      if (idField.isEmpty() || idField.startsWith("$")) {
        throw new InvalidConfigurationException(
            "idField must be a field name, was \"" + idField + "\"");
      }
      this.idField = idField;
      return this;
    }

    /**
     * Builds the bootstrap. Does not touch the database.
     *
     * @return the bootstrap
     */
    public MongoIndexBootstrap build() {
      return new MongoIndexBootstrap(this);
    }
  }
}
