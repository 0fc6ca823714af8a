package io.github.customerid.mongo.customers;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.result.InsertOneResult;
import io.github.customerid.core.CorruptCounterException;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.InvalidIdException;
import io.github.customerid.core.StoreException;
import io.github.customerid.core.listener.DiscardReason;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.mongo.MongoErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every new customer the next customer ID as it is inserted: the Java equivalent of the Node
 * service's pre-save hook, with self-healing when the counter is behind the data.
 *
 * <pre>{@code
 * CustomerIdScheme scheme = CustomerIdScheme.of(database.getCollection("users"));
 * CustomerIdAssigner assigner = CustomerIdAssigner.builder(scheme, store).build();
 * Document user = new Document("name", "John Doe").append("role", "customer");
 * assigner.insert(user);                 // user now has "customerId": "PL24"
 * assigner.findByCustomerId(" pl24 ");   // Optional[that user]
 * }</pre>
 *
 * <p><b>Rules</b> (those of the Node/Mongoose system this library replaces): a document the {@linkplain
 * CustomerIdScheme#isCustomer scheme} calls a customer (default: {@code role} equals {@code
 * "customer"}) and that has no ID gets the next one from a strict {@link IdAllocator}, then is
 * inserted. Non-customers get none. A customer that already carries an ID keeps it, in any spelling
 * of the format's prefix ({@link CustomerIdScheme#numberOf}: {@code PL1} stays {@code PL1} after the
 * padding became 4); one carrying something that is not an ID of the prefix is rejected with {@link
 * InvalidIdException}, never silently overwritten.
 *
 * <p><b>Self-healing.</b> When the counter is behind the data (the counter document was deleted,
 * restored from an old backup, pushed below zero, or never initialised while customers already have
 * IDs: the Node system's "counter not initialized" and "duplicate IDs" troubleshooting cases), the
 * new ID already belongs to someone (the insert fails on the unique index, or the number is stored in
 * another spelling). The assigner then {@linkplain #reconcile() reconciles} ({@link
 * CustomerIdReconciler}: moves the counter past the highest ID present, never back), takes a fresh ID
 * and retries, up to {@link Builder#maxAttempts(int)} times in all. The first heal logs a warning,
 * later ones log at INFO. The numbers that collided are not reused.
 *
 * <p><b>The bound.</b> A reconcile moves the counter past every ID stored when it scans, so an
 * insert collides again only if the counter is set back or deleted again meanwhile, or if inserts that
 * drew their numbers before a set-back land after the scan (each such set-back costs an insert at most
 * two attempts). With the default of {@value #DEFAULT_MAX_ATTEMPTS} attempts, an insert therefore
 * fails only when the counter is set back or deleted at least {@value #DEFAULT_MAX_ATTEMPTS}/2 times
 * while that one insert runs; eight threads inserting while the counter is deleted or set back dozens
 * of times see no error (this module's tests check it).
 *
 * <p>It relies on the unique sparse index of {@link CustomerIdIndex} on the ID field: without it a
 * collision is not detected at all.
 *
 * <p>Thread-safe; share one instance.
 *
 * <p>One file, though long: insert, save and assign-if-missing share one draw-check-heal loop whose
 * bound (above) is argued once here, and about 40% of the file is Javadoc.
 */
public final class CustomerIdAssigner {

  private static final Logger log = LoggerFactory.getLogger(CustomerIdAssigner.class);

  /** Default number of insert attempts, first try included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 10;

  private final CustomerIdScheme scheme;
  private final SequenceStore store;
  private final CustomerIdReconciler reconciler;
  private final int maxAttempts;
  private final IdAllocator allocator;
  private final CustomerIdBinding<Document> documentBinding;
  private final AtomicBoolean warned = new AtomicBoolean();
  /** Told of the numbers drawn but never given to an entity; guarded. */
  private final SequenceListener listener;

  private CustomerIdAssigner(Builder b) {
    this.scheme = b.scheme;
    this.store = b.store;
    this.maxAttempts = b.maxAttempts;
    this.listener = SequenceListener.guard(b.listener);
    this.reconciler = CustomerIdReconciler.builder(scheme, store).listener(b.listener).build();
    this.allocator = IdAllocator.builder(store).sequence(scheme.sequence()).format(scheme.format())
        .listener(b.listener).strict().build();
    String field = scheme.idField();
    this.documentBinding = CustomerIdBinding.of(scheme.predicate(),
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
   * @param scheme where the customer IDs live: collection, ID field, customers, format, sequence
   * @param store the counter store holding the scheme's sequence, usually a {@code
   *     MongoSequenceStore}
   * @return a builder
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(CustomerIdScheme scheme, SequenceStore store) {
    return new Builder(scheme, store);
  }

  /**
   * Inserts a user document, first giving it the next customer ID if it is a customer without one. The
   * ID is written into {@code user} (as the driver writes {@code _id}); if the insert then fails, the
   * document keeps it, and inserting the document again uses that number.
   *
   * @param user the document to insert; modified in place
   * @return the driver's result of the successful insert
   * @throws NullPointerException if {@code user} is null
   * @throws InvalidIdException if the customer carries a value in the ID field that is not an ID of
   *     the format's prefix in any spelling, a number or a boolean included (nothing was inserted, the
   *     value is kept)
   * @throws StoreException if the counter store failed, or the insert still collided on the customer
   *     ID after {@link Builder#maxAttempts(int)} attempts
   * @throws MongoException as thrown by the driver, if the insert failed for another reason (another
   *     unique index such as an e-mail, a validation rule, the network): the service's own errors
   *     reach it unchanged
   */
  public InsertOneResult insert(Document user) {
    Objects.requireNonNull(user, "user");
    Object stored = user.get(scheme.idField());
    if (stored != null && !(stored instanceof String) && scheme.isCustomer(user)) {
      String shown = String.valueOf(stored);
      shown = shown.length() > 32 ? shown.substring(0, 32) + "..." : shown;
      throw new InvalidIdException("the customer's " + scheme.idField() + " is " + shown + " ("
          + stored.getClass().getSimpleName() + "), not a string ID of " + scheme.format()
          + "; nothing was inserted and the value was left as it is", shown, -1);
    }
    InsertOneResult[] result = new InsertOneResult[1];
    save(user, documentBinding, d -> result[0] = scheme.collection().insertOne(d));
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
   * @return the ID assigned by this call, or empty if none was (not a customer, or it already had one,
   *     in any spelling of the format's prefix)
   * @throws NullPointerException if an argument is null
   * @throws InvalidIdException if the customer carries a value that is not an ID of the format's
   *     prefix in any spelling
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
      // Kept in any spelling of this prefix (one written before a change of padding or check digit).
      if (scheme.numberOf(existing.get()).isEmpty()) {
        scheme.format().parse(existing.get()); // throws InvalidIdException naming the problem
      }
      return Optional.empty();
    }
    String id = drawFreeId();
    try {
      binding.set(entity, id);
    } catch (RuntimeException | Error e) {
      discarded();
      throw e;
    }
    return Optional.of(id);
  }

  /**
   * Draws the next ID; if its number is already stored in another spelling (the format's padding or
   * check digit changed while the counter was behind), heals and draws again.
   */
  private String drawFreeId() {
    for (int attempt = 1; ; attempt++) {
      String id;
      try {
        id = allocator.next();
      } catch (CorruptCounterException e) {
        if (attempt >= maxAttempts) {
          throw e;
        }
        // Below zero (an operator's stray $inc) is behind the data: reconcile moves it forward.
        // A counter that is not an integer makes reconcile throw, as it should.
        healed("(none: the counter could not be used: " + e.getMessage() + ")");
        continue;
      }
      Optional<Object> holder;
      try {
        List<String> others = new ArrayList<>(scheme.spellingsOf(scheme.format().parse(id)));
        others.remove(id);
        holder = holderOfAny(others);
      } catch (RuntimeException | Error e) {
        discarded();
        throw e;
      }
      if (holder.isEmpty()) {
        return id;
      }
      ReconcileReport report = healed(id + " (stored as another spelling of its number)");
      if (attempt >= maxAttempts) {
        throw new StoreException("customer ID " + id + " of sequence \"" + scheme.sequence()
            + "\" was already taken in another spelling in " + scheme.namespace() + " after "
            + attempt + " attempts, although the counter was moved past the highest ID present ("
            + report + "); is another writer assigning IDs without the counter?");
      }
    }
  }

  /**
   * The number just drawn will never reach an entity (the check of its other spellings, or the
   * binding's setter, failed): a gap, reported to the listener. A number found taken is not one: it
   * belongs to whoever holds it.
   */
  private void discarded() {
    listener.onDiscarded(scheme.sequence(), 1, DiscardReason.FAILURE);
  }

  /** Reconciles after {@code what} was found taken; warns the first time, then logs at INFO. */
  private ReconcileReport healed(String what) {
    ReconcileReport report = reconciler.reconcile("self-heal: customer ID " + what
        + " was already taken");
    if (warned.compareAndSet(false, true)) {
      log.warn("Customer ID {} was already taken in {}: the counter of sequence \"{}\" was "
          + "behind the data (deleted, restored from an old backup, or never initialised?). "
          + "Moved it forward and retrying: {}. Further occurrences are logged at INFO.",
          what, scheme.namespace(), scheme.sequence(), report);
    } else {
      log.info("Customer ID {} was already taken in {}: moved the counter of sequence \"{}\""
          + " forward: {}", what, scheme.namespace(), scheme.sequence(), report);
    }
    return report;
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
   * @throws InvalidIdException if the customer carries a value that is not an ID of the format's
   *     prefix in any spelling
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
        ReconcileReport report = healed(assigned.get());
        if (attempt >= maxAttempts) {
          throw new StoreException("customer ID " + assigned.get() + " of sequence \""
              + scheme.sequence() + "\" was already taken in " + scheme.namespace() + " after "
              + attempt + " attempts, although the counter was moved past the highest ID present (" + report
              + "); is another writer assigning IDs without the counter?", e);
        }
      }
    }
  }

  /**
   * Moves the counter forward past the highest customer ID present in the collection, if it is
   * behind, with a {@link CustomerIdReconciler}: reads every stored ID in any spelling, never moves
   * the counter back. Costs a scan of the ID index: run it at start-up or on demand, not per request
   * (insertion calls it only after a collision).
   *
   * @return what was found and changed
   * @throws StoreException if MongoDB or the counter store failed
   */
  public ReconcileReport reconcile() {
    return reconciler.reconcile();
  }

  /**
   * Finds a user by a customer ID as a person typed it (the Node system's "search by customer ID"):
   * surrounding spaces, the prefix's letter case and the padding are forgiven ({@code " pl24 "} and
   * {@code PL0024} find {@code PL24}), and the customer is found whatever spelling of the number is
   * stored, so IDs written before a change of padding or check digit stay findable. Under a format
   * with a check digit, a typed ID whose check digit is wrong finds only an ID stored without check
   * digit, never another customer's. Anything else malformed is an error, not a query.
   *
   * @param typed what was typed
   * @return the user holding that ID (the canonical spelling first, if two spellings are stored), or
   *     empty if nobody does
   * @throws InvalidIdException if {@code typed} is null or not an ID of the format's prefix (or has a
   *     wrong check digit and no plain spelling of it is stored)
   * @throws StoreException if MongoDB failed
   */
  public Optional<Document> findByCustomerId(String typed) {
    Spellings.Meant meant = scheme.meant(typed);
    if (meant.spellings().isEmpty()) {
      scheme.spellingsMeantBy(typed); // throws InvalidIdException naming the problem
    }
    List<Document> found;
    try {
      found = scheme.collection().find(Filters.in(scheme.idField(), meant.spellings()))
          .limit(meant.spellings().size()).into(new ArrayList<>());
    } catch (MongoException e) {
      throw new StoreException("MongoDB failed to find customer " + meant.spellings().get(0)
          + " in " + scheme.namespace() + ": " + e.getMessage(), e);
    }
    if (found.isEmpty() && !meant.validInFormat()) {
      scheme.format().normalize(typed); // throws: the typed ID is wrong in this format
    }
    for (String spelling : meant.spellings()) {
      for (Document d : found) {
        if (spelling.equals(d.get(scheme.idField()))) {
          return Optional.of(d);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Returns where the customer IDs live.
   *
   * @return the scheme
   */
  public CustomerIdScheme scheme() {
    return scheme;
  }

  private Optional<Object> holderOfAny(List<String> ids) {
    try {
      Document d = scheme.collection().find(Filters.in(scheme.idField(), ids))
          .projection(Projections.include("_id")).first();
      return d == null ? Optional.empty() : Optional.of(d.get("_id"));
    } catch (MongoException e) {
      throw new StoreException("MongoDB failed to check customer IDs " + ids + " in "
          + scheme.namespace() + ": " + e.getMessage(), e);
    }
  }

  private boolean isTaken(String id) {
    try {
      return scheme.collection().find(Filters.eq(scheme.idField(), id))
          .projection(Projections.include("_id")).first() != null;
    } catch (MongoException e) {
      throw new StoreException("MongoDB failed to check customer ID " + id + " in "
          + scheme.namespace() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Describes the assigner, for logs.
   *
   * @return collection, field, sequence and format
   */
  @Override
  public String toString() {
    return "CustomerIdAssigner[" + scheme + "]";
  }

  /** Builds a {@link CustomerIdAssigner}. Not thread-safe; the assigner is. */
  public static final class Builder {
    private final CustomerIdScheme scheme;
    private final SequenceStore store;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private SequenceListener listener = SequenceListener.NOOP;

    private Builder(CustomerIdScheme scheme, SequenceStore store) {
      this.scheme = Objects.requireNonNull(scheme, "scheme");
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Sets the listener told about the assigner's allocations and store calls, about every heal
     * ({@link SequenceListener#onHeal}: the counter moved forward after an ID was found taken, or by
     * {@link CustomerIdAssigner#reconcile()}), and about a number drawn that never reaches an entity
     * ({@link SequenceListener#onDiscarded} with {@link DiscardReason#FAILURE}: the look-up of its
     * other spellings, or the binding's setter, failed). An ID that was given to an entity whose save
     * then failed is not reported: it stays on the entity, and saving the entity again uses it. What
     * the listener throws is logged, never passed on to callers.
     *
     * @param listener the listener (default {@link SequenceListener#NOOP})
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(SequenceListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
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
     * @throws InvalidConfigurationException if the scheme's customer filter cannot be evaluated on a
     *     document (see {@link CustomerIdScheme#canMatchDocuments()})
     */
    public CustomerIdAssigner build() {
      return new CustomerIdAssigner(this);
    }
  }
}
