package io.github.customerid.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.result.InsertOneResult;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.InvalidIdException;
import io.github.customerid.core.StoreException;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.core.spi.StoreArguments;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every new customer the next customer ID as it is inserted: the Java equivalent of the Node
 * service's pre-save hook, with self-healing when the counter is behind the data.
 *
 * <pre>{@code
 * CustomerIdAssigner assigner = CustomerIdAssigner.builder(store, database.getCollection("users")).build();
 * Document user = new Document("name", "John Doe").append("role", "customer");
 * assigner.insert(user);                 // user now has "customerId": "PL24"
 * assigner.findByCustomerId(" pl24 ");   // Optional[that user]
 * }</pre>
 *
 * <p><b>Rules</b> (the seed's): a document the customer predicate accepts (default: {@code role} equals
 * {@code "customer"}) and that has no ID gets the next one from a strict {@link IdAllocator}, then is
 * inserted. Non-customers get none. A customer that already carries a valid ID keeps it; one carrying
 * something that is not an ID of the format is rejected with {@link InvalidIdException}, never
 * silently overwritten.
 *
 * <p><b>Self-healing.</b> When the counter is behind the data (the counter document was deleted,
 * restored from an old backup, or never initialised while customers already have IDs: the seed's
 * "counter not initialized" and "duplicate IDs" troubleshooting cases), the new ID already belongs to
 * someone and the insert fails on the unique index. The assigner then {@linkplain #reconcile()
 * reconciles} (moves the counter past the highest ID present, monotonically), takes a fresh ID and
 * retries, up to {@link Builder#maxAttempts(int)} times in all. The first time this happens it logs a
 * warning; later occurrences are logged at debug. The numbers that collided are not reused.
 *
 * <p>It relies on the unique sparse index of {@link MongoIndexBootstrap} on the ID field: without it a
 * collision is not detected at all.
 *
 * <p>Thread-safe; share one instance.
 */
public final class CustomerIdAssigner {

  private static final Logger log = LoggerFactory.getLogger(CustomerIdAssigner.class);

  /** Default number of insert attempts, first try included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  private final SequenceStore store;
  private final MongoCollection<Document> users;
  private final String sequence;
  private final IdFormat format;
  private final String idField;
  private final int maxAttempts;
  private final IdAllocator allocator;
  private final CustomerIdBinding<Document> documentBinding;
  private final AtomicBoolean warned = new AtomicBoolean();

  private CustomerIdAssigner(Builder b) {
    this.store = b.store;
    this.users = b.users;
    this.sequence = b.sequence;
    this.format = b.format;
    this.idField = b.idField;
    this.maxAttempts = b.maxAttempts;
    this.allocator = IdAllocator.builder(store).sequence(sequence).format(format).strict().build();
    String field = idField;
    this.documentBinding = CustomerIdBinding.of(b.isCustomer,
        d -> d.get(field) instanceof String ? d.getString(field) : null,
        (d, id) -> {
          if (id == null) {
            d.remove(field);
          } else {
            d.put(field, id);
          }
        });
  }

  /**
   * Starts a builder.
   *
   * @param store the counter store, usually a {@link MongoSequenceStore}
   * @param users the collection the customers are inserted into
   * @return a builder with the defaults: sequence {@value IdAllocator#DEFAULT_SEQUENCE}, {@link
   *     IdFormat#defaultFormat()}, ID field {@value MongoIndexBootstrap#DEFAULT_ID_FIELD}, customers are
   *     documents whose {@code role} is {@code "customer"}
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(SequenceStore store, MongoCollection<Document> users) {
    return new Builder(store, users);
  }

  /**
   * Inserts a user document, first giving it the next customer ID if it is a customer without one. The
   * ID is written into {@code user} (as the driver writes {@code _id}).
   *
   * @param user the document to insert; modified in place
   * @return the driver's result of the successful insert
   * @throws NullPointerException if {@code user} is null
   * @throws InvalidIdException if the customer carries a value in the ID field that is not an ID of
   *     the format (nothing was inserted)
   * @throws StoreException if the counter store failed, or the insert still collided on the customer
   *     ID after {@link Builder#maxAttempts(int)} attempts
   * @throws MongoException as thrown by the driver, if the insert failed for another reason (another
   *     unique index such as an e-mail, a validation rule, the network): the service's own errors
   *     reach it unchanged
   */
  public InsertOneResult insert(Document user) {
    Objects.requireNonNull(user, "user");
    InsertOneResult[] result = new InsertOneResult[1];
    save(user, documentBinding, d -> result[0] = users.insertOne(d));
    return result[0];
  }

  /**
   * The pre-save hook for an application's own entity: gives {@code entity} the next customer ID if
   * the binding says it is a customer and it has none. Call it right before saving. Without the
   * self-healing of {@link #save}; prefer that when the service can hand over its save call.
   *
   * @param <T> the entity type
   * @param entity the entity, modified through the binding's setter
   * @param binding how to read and write the entity's ID
   * @return the ID assigned by this call, or empty if none was (not a customer, or it already had one)
   * @throws NullPointerException if an argument is null
   * @throws InvalidIdException if the customer carries a value that is not an ID of the format
   * @throws StoreException if the counter store failed
   */
  public <T> Optional<String> assignIfMissing(T entity, CustomerIdBinding<T> binding) {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(binding, "binding");
    if (!binding.isCustomer(entity)) {
      return Optional.empty();
    }
    Optional<String> existing = binding.get(entity);
    if (existing.isPresent()) {
      format.parse(existing.get()); // throws InvalidIdException naming the problem
      return Optional.empty();
    }
    String id = allocator.next();
    binding.set(entity, id);
    return Optional.of(id);
  }

  /**
   * Assigns an ID if missing ({@link #assignIfMissing}), then calls the service's own save, with
   * self-healing: if the save fails with a duplicate-key error (the driver's, or any exception whose
   * cause chain holds one, as Spring's {@code DuplicateKeyException} does) and the ID just assigned is
   * indeed already taken, the counter is reconciled and the save retried with a new ID.
   *
   * <pre>{@code
   * CustomerIdBinding<User> binding = CustomerIdBinding.of(
   *     u -> u.getRole() == Role.CUSTOMER, User::getCustomerId, User::setCustomerId);
   * assigner.save(user, binding, userCollection::insertOne);
   * }</pre>
   *
   * @param <T> the entity type
   * @param entity the entity, modified through the binding's setter
   * @param binding how to read and write the entity's ID
   * @param saver the service's insert; must insert (not upsert over) the entity
   * @return {@code entity}, saved
   * @throws NullPointerException if an argument is null
   * @throws InvalidIdException if the customer carries a value that is not an ID of the format
   * @throws StoreException if the counter store failed or the ID still collided after {@link
   *     Builder#maxAttempts(int)} attempts
   * @throws RuntimeException whatever {@code saver} throws for any other reason, unchanged
   */
  public <T> T save(T entity, CustomerIdBinding<T> binding, Consumer<? super T> saver) {
    Objects.requireNonNull(saver, "saver");
    for (int attempt = 1; ; attempt++) {
      Optional<String> assigned = assignIfMissing(entity, binding);
      try {
        saver.accept(entity);
        return entity;
      } catch (RuntimeException e) {
        if (assigned.isEmpty() || !MongoErrors.isDuplicateKey(e) || !isTaken(assigned.get())) {
          throw e;
        }
        binding.set(entity, null);
        ReconcileReport report = reconcile();
        if (warned.compareAndSet(false, true)) {
          log.warn("Customer ID {} was already taken in {}: the counter of sequence \"{}\" was "
              + "behind the data (deleted, restored from an old backup, or never initialised?). "
              + "Moved it forward and retrying: {}. Further occurrences are logged at debug.",
              assigned.get(), users.getNamespace(), sequence, report);
        } else {
          log.debug("Customer ID {} was already taken; reconciled: {}", assigned.get(), report);
        }
        if (attempt >= maxAttempts) {
          throw new StoreException("customer ID " + assigned.get() + " of sequence \"" + sequence
              + "\" was already taken in " + users.getNamespace() + " after " + attempt
              + " attempts, although the counter was moved past the highest ID present (" + report
              + "); is another writer assigning IDs without the counter?", e);
        }
      }
    }
  }

  /**
   * Moves the counter forward past the highest customer ID present in the users collection, if it is
   * behind. Looks at every value of the ID field that starts with the format's prefix, parses it with
   * the {@link IdFormat}, and ignores values that are not IDs of the format. Never moves the counter
   * back. Reads every ID, so it costs a scan of the ID index: run it at start-up or on demand, not per
   * request (insertion calls it only after a collision).
   *
   * @return what was found and changed
   * @throws StoreException if MongoDB or the counter store failed
   */
  public ReconcileReport reconcile() {
    OptionalLong before = store.current(sequence);
    long highest = 0;
    long scanned = 0;
    long ignored = 0;
    // The prefix is ASCII letters and digits (IdFormat checks), so this anchored regex needs no
    // quoting and MongoDB turns it into a range scan of the ID index.
    Bson filter = Filters.regex(idField, "^" + format.prefix());
    try {
      for (Document d : users.find(filter).projection(
          Projections.fields(Projections.include(idField), Projections.excludeId()))) {
        scanned++;
        Object value = d.get(idField);
        OptionalLong n = value instanceof String ? format.tryParse((String) value)
            : OptionalLong.empty();
        if (n.isPresent()) {
          highest = Math.max(highest, n.getAsLong());
        } else {
          ignored++;
        }
      }
    } catch (MongoException e) {
      throw new StoreException("MongoDB failed to scan " + users.getNamespace() + "." + idField
          + " to reconcile sequence \"" + sequence + "\": " + e.getMessage(), e);
    }
    long after = highest > 0 ? store.advanceTo(sequence, highest) : before.orElse(0);
    ReconcileReport report = new ReconcileReport(sequence, before,
        highest > 0 ? OptionalLong.of(highest) : OptionalLong.empty(), after, scanned, ignored);
    if (report.changed()) {
      log.info("Reconciled sequence \"{}\" with {}: {}", sequence, users.getNamespace(), report);
    }
    return report;
  }

  /**
   * Finds a user by a customer ID as a person typed it (the seed's "search by customer ID"):
   * surrounding spaces and the prefix's letter case are forgiven ({@code " pl24 "} finds {@code
   * PL24}), anything else malformed is an error, not a query.
   *
   * @param typed what was typed
   * @return the user holding that ID, or empty if nobody does
   * @throws InvalidIdException if {@code typed} is not an ID of the format after normalisation
   * @throws StoreException if MongoDB failed
   */
  public Optional<Document> findByCustomerId(String typed) {
    String id = format.normalize(typed);
    try {
      return Optional.ofNullable(users.find(Filters.eq(idField, id)).first());
    } catch (MongoException e) {
      throw new StoreException("MongoDB failed to find customer " + id + " in "
          + users.getNamespace() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the format of the IDs this assigner hands out.
   *
   * @return the format
   */
  public IdFormat format() {
    return format;
  }

  /**
   * Returns the sequence this assigner draws from.
   *
   * @return the sequence name
   */
  public String sequence() {
    return sequence;
  }

  private boolean isTaken(String id) {
    try {
      return users.find(Filters.eq(idField, id)).projection(Projections.include("_id")).first()
          != null;
    } catch (MongoException e) {
      throw new StoreException("MongoDB failed to check customer ID " + id + " in "
          + users.getNamespace() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Describes the assigner, for logs.
   *
   * @return collection, field, sequence and format
   */
  @Override
  public String toString() {
    return "CustomerIdAssigner[" + users.getNamespace() + "." + idField + ", sequence=" + sequence
        + ", format=" + format + "]";
  }

  /** Builds a {@link CustomerIdAssigner}. Not thread-safe; the assigner is. */
  public static final class Builder {
    private final SequenceStore store;
    private final MongoCollection<Document> users;
    private String sequence = IdAllocator.DEFAULT_SEQUENCE;
    private IdFormat format = IdFormat.defaultFormat();
    private String idField = MongoIndexBootstrap.DEFAULT_ID_FIELD;
    private Predicate<? super Document> isCustomer = d -> "customer".equals(d.get("role"));
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

    private Builder(SequenceStore store, MongoCollection<Document> users) {
      this.store = Objects.requireNonNull(store, "store");
      this.users = Objects.requireNonNull(users, "users");
    }

    /**
     * Sets the counter's sequence name (default {@value IdAllocator#DEFAULT_SEQUENCE}).
     *
     * @param sequence a valid sequence name
     * @return this builder
     * @throws NullPointerException if {@code sequence} is null
     * @throws InvalidConfigurationException if the name is invalid
     */
    public Builder sequence(String sequence) {
      this.sequence = StoreArguments.checkSequence(sequence);
      return this;
    }

    /**
     * Sets the ID format (default {@link IdFormat#defaultFormat()}: {@code PL1}, {@code PL2}, ...).
     *
     * @param format the format
     * @return this builder
     * @throws NullPointerException if {@code format} is null
     */
    public Builder format(IdFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Sets the field holding the customer ID (default {@value MongoIndexBootstrap#DEFAULT_ID_FIELD}).
     *
     * @param idField a top-level field name
     * @return this builder
     * @throws NullPointerException if {@code idField} is null
     * @throws InvalidConfigurationException if it is not a top-level field name or is {@code _id}
     */
    public Builder idField(String idField) {
      this.idField = MongoNames.checkTopLevelField("idField", idField);
      if ("_id".equals(idField)) {
        throw new InvalidConfigurationException("idField must not be _id");
      }
      return this;
    }

    /**
     * Sets which documents are customers and get an ID (default: {@code role} equals {@code
     * "customer"}).
     *
     * @param isCustomer the predicate
     * @return this builder
     * @throws NullPointerException if {@code isCustomer} is null
     */
    public Builder customers(Predicate<? super Document> isCustomer) {
      this.isCustomer = Objects.requireNonNull(isCustomer, "isCustomer");
      return this;
    }

    /**
     * Sets how many times an insert is tried in all when its new ID collides with an existing one
     * (default {@value CustomerIdAssigner#DEFAULT_MAX_ATTEMPTS}).
     *
     * @param maxAttempts 1 (no self-healing) to 100
     * @return this builder
     * @throws InvalidConfigurationException if out of range
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw new InvalidConfigurationException(
            "maxAttempts must be between 1 and 100, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Builds the assigner. Does not touch the database.
     *
     * @return the assigner
     */
    public CustomerIdAssigner build() {
      return new CustomerIdAssigner(this);
    }
  }
}
