package io.github.customerid.mongo;

import com.mongodb.client.MongoDatabase;
import io.github.customerid.core.CorruptCounterException;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.StoreException;
import java.util.List;
import java.util.Objects;

/**
 * Creates the index the counters need ({@code {name: 1}, unique}, see {@link CounterIndex}),
 * idempotently, for example at application start-up:
 *
 * <pre>{@code
 * List<String> created = MongoIndexBootstrap.builder(database).counters(store).build().ensureIndexes();
 * }</pre>
 *
 * <p>The unique index on the customers' ID field belongs to the customer collection, not to the
 * store: create it with {@code customers.CustomerIdIndex.of(scheme).ensure()}.
 *
 * <p><b>Idempotent and honest.</b> An index that already exists with the same key and compatible
 * options is left alone; running {@link #ensureIndexes()} twice changes nothing. An index with the
 * same key but other options (say, not unique) is reported as an {@link
 * InvalidConfigurationException} naming it; it is never dropped or duplicated. What it creates is
 * logged at INFO.
 *
 * <p>Immutable and thread-safe; concurrent calls from several application instances are safe.
 */
public final class MongoIndexBootstrap {

  private final MongoDatabase database;
  private final String countersCollection;
  private final String counterKeyField;

  private MongoIndexBootstrap(Builder b) {
    this.database = b.database;
    this.countersCollection = b.countersCollection;
    this.counterKeyField = b.counterKeyField;
  }

  /**
   * Starts a builder with the defaults of the Node service: counters in {@code counters} keyed by
   * {@code name}.
   *
   * @param database the database holding the counters
   * @return a builder
   * @throws NullPointerException if {@code database} is null
   */
  public static Builder builder(MongoDatabase database) {
    return new Builder(database);
  }

  /**
   * Creates the counters' index unless it is in place; leaves a compatible existing one alone.
   *
   * @return the index this call created, as {@code collection.indexName}; empty when it was already
   *     in place or the counters are keyed by {@code _id} (which is always unique)
   * @throws InvalidConfigurationException if an index with the same key exists with incompatible
   *     options (the message names the index and what to do)
   * @throws CorruptCounterException if the index cannot be created because two counter documents
   *     share a sequence name
   * @throws StoreException if MongoDB failed
   */
  public List<String> ensureIndexes() {
    return CounterIndex.ensure(database.getCollection(countersCollection), counterKeyField)
        .map(List::of).orElse(List.of());
  }

  /**
   * Describes the bootstrap, for logs.
   *
   * @return the collection and key field it covers
   */
  @Override
  public String toString() {
    return "MongoIndexBootstrap[" + database.getName() + "." + countersCollection + "."
        + counterKeyField + "]";
  }

  /** Builds a {@link MongoIndexBootstrap}. Not thread-safe; the bootstrap is. */
  public static final class Builder {
    private final MongoDatabase database;
    private String countersCollection = MongoSequenceStore.DEFAULT_COLLECTION;
    private String counterKeyField = MongoSequenceStore.DEFAULT_KEY_FIELD;

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
     * Builds the bootstrap. Does not touch the database.
     *
     * @return the bootstrap
     */
    public MongoIndexBootstrap build() {
      return new MongoIndexBootstrap(this);
    }
  }
}
