package io.github.customerid.mongo.customers;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.StoreException;
import io.github.customerid.mongo.MongoErrors;
import io.github.customerid.mongo.SingleFieldIndex;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unique index on the customer ID field, created idempotently, for example at application
 * start-up (the counters' own index is the store's: {@code MongoIndexBootstrap} or {@code
 * CounterIndex}).
 *
 * <pre>{@code
 * Optional<String> created = CustomerIdIndex.of(scheme).ensure();   // {customerId: 1}, unique, sparse
 * }</pre>
 *
 * <p><b>Sparse, not partial.</b> Both a sparse unique index and a partial one with {@code
 * partialFilterExpression: {customerId: {$exists: true}}} let documents without the field exist, and a
 * real MongoDB enforces both. Sparse is chosen because it is what the Node service declares ({@code
 * unique: true, sparse: true} in Mongoose gives exactly this index, so the two services agree on one
 * index instead of conflicting), and because every query by customer ID can use it (a partial index is
 * used only when the query provably implies its filter). Either index treats an explicit {@code
 * customerId: null} as a value, so never store {@code null}: leave the field out, as {@link
 * CustomerIdAssigner} does. An existing unique partial index on the field is accepted as equivalent.
 *
 * <p><b>Idempotent and honest.</b> An index that already exists on the field with compatible options
 * is left alone. One with other options (say, not unique) is reported as an {@link
 * InvalidConfigurationException} naming it; it is never dropped or duplicated.
 *
 * <p>Immutable and thread-safe; concurrent calls from several application instances are safe.
 */
public final class CustomerIdIndex {

  private static final Logger log = LoggerFactory.getLogger(CustomerIdIndex.class);

  private final CustomerIdScheme scheme;

  private CustomerIdIndex(CustomerIdScheme scheme) {
    this.scheme = scheme;
  }

  /**
   * Returns the index of a scheme's ID field.
   *
   * @param scheme where the customer IDs live
   * @return the index
   * @throws NullPointerException if {@code scheme} is null
   */
  public static CustomerIdIndex of(CustomerIdScheme scheme) {
    return new CustomerIdIndex(Objects.requireNonNull(scheme, "scheme"));
  }

  /**
   * Creates the unique sparse index on the ID field unless a compatible one exists.
   *
   * @return {@code collection.indexName} if this call created it; empty if it was in place
   * @throws InvalidConfigurationException if an index on the field exists with incompatible options
   *     (the message names it and what to do)
   * @throws StoreException if the index cannot be created because two documents share an ID, or
   *     MongoDB failed
   */
  public Optional<String> ensure() {
    MongoCollection<Document> users = scheme.collection();
    String field = scheme.idField();
    try {
      Optional<SingleFieldIndex> existing = find();
      if (existing.isPresent()) {
        SingleFieldIndex index = existing.get();
        String problem = problem(index);
        if (problem != null) {
          throw new InvalidConfigurationException("index \"" + index.name() + "\" on "
              + scheme.namespace() + " has the key {" + field + ": ...} but " + problem + " ("
              + index.toJson() + "). It was left unchanged; drop it and ensure the index again"
              + " to get a unique, sparse one");
        }
        log.debug("Index \"{}\" on {} (sequence \"{}\") already in place", index.name(),
            scheme.namespace(), scheme.sequence());
        return Optional.empty();
      }
      String name = users.createIndex(Indexes.ascending(field),
          new IndexOptions().unique(true).sparse(true));
      log.info("Created unique sparse index \"{}\" on {} ({{}: 1}) for sequence \"{}\"", name,
          scheme.namespace(), field, scheme.sequence());
      return Optional.of(users.getNamespace().getCollectionName() + "." + name);
    } catch (MongoException e) {
      if (MongoErrors.isDuplicateKey(e)) {
        throw new StoreException("cannot create the unique index on " + field + " of "
            + scheme.namespace() + ": two or more documents already share a customer ID ("
            + e.getMessage() + "); give the duplicates new IDs, then ensure the index again", e);
      }
      throw new StoreException("MongoDB failed to ensure the unique index on "
          + scheme.namespace() + "." + field + ": " + e.getMessage(), e);
    }
  }

  /**
   * Tells whether a unique index whose only key is the ID field exists (sparse, partial or
   * neither).
   *
   * @return the index's name, or empty if there is none
   * @throws StoreException if MongoDB failed
   */
  public Optional<String> findUnique() {
    return lookUp().filter(SingleFieldIndex::unique).map(SingleFieldIndex::name);
  }

  /**
   * Returns the name of an index whose only key is the ID field, unique or not.
   *
   * @return the name, or empty if there is none
   * @throws StoreException if MongoDB failed
   */
  public Optional<String> findAny() {
    return lookUp().map(SingleFieldIndex::name);
  }

  /** {@link #find()} for the look-ups, a failure wrapped as their failure to list the indexes. */
  private Optional<SingleFieldIndex> lookUp() {
    try {
      return find();
    } catch (MongoException e) {
      throw new StoreException("MongoDB failed to list the indexes of " + scheme.namespace() + ": "
          + e.getMessage(), e);
    }
  }

  /** The index on the ID field alone; throws the driver's exception ({@link #ensure} wraps it). */
  private Optional<SingleFieldIndex> find() {
    return SingleFieldIndex.on(scheme.collection(), scheme.idField()).stream()
        .filter(SingleFieldIndex::ascendingOrDescending).findFirst();
  }

  private String problem(SingleFieldIndex index) {
    if (!index.unique()) {
      return "is not unique";
    }
    if (!index.sparse() && !index.partial()) {
      return "is unique but neither sparse nor partial, so documents without "
          + scheme.idField() + " collide on null";
    }
    return null;
  }

  /**
   * Describes the index, for logs.
   *
   * @return the collection and field
   */
  @Override
  public String toString() {
    return "CustomerIdIndex[" + scheme.namespace() + "." + scheme.idField() + "]";
  }
}
