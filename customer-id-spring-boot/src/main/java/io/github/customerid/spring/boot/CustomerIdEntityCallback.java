package io.github.customerid.spring.boot;

import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.InvalidIdException;
import io.github.customerid.core.StoreException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.data.mongodb.core.mapping.event.AfterSaveCallback;
import org.springframework.data.mongodb.core.mapping.event.BeforeConvertCallback;

/**
 * Gives a customer entity the next customer ID as Spring Data MongoDB saves it: the Java counterpart
 * of the Node/Mongoose system's pre-save hook. Spring Data calls it for {@code MongoTemplate.insert},
 * {@code save}, {@code insertAll}, bulk inserts and repository {@code save}/{@code saveAll}, before it
 * converts the entity to a document.
 *
 * <p>For an entity whose type has a {@link CustomerId} property, that is a customer, and whose
 * property is empty, it takes the next ID from the {@link IdAllocator} and returns the entity with it:
 * the same instance for a mutable class, a new one (wither or constructor) for a record or an
 * immutable class. Empty means null or blank. A value already there is kept as it is, as the
 * Node/Mongoose system's pre-save hook keeps it, whatever it holds. A spelling of an ID of the
 * format's prefix ({@code PL24}, or {@code PL024} written before a change of padding or check digit)
 * is kept silently; anything else ({@code pl7}, {@code XY9}) is logged at WARN naming the sequence
 * and where it is, once per collection and field, and at DEBUG after that. Every other entity is
 * returned unchanged.
 *
 * <p><b>Order.</b> It runs last among the before-convert callbacks ({@link #ORDER} is {@link
 * Ordered#LOWEST_PRECEDENCE}), so after Spring Data's auditing callback (order 100) and after the
 * application's own callbacks that declare an order: they see the entity as the application built
 * it, may still decide who is a customer (set the role), and a number is taken only once all of them
 * have accepted the entity, so a callback that throws burns no number. A callback that must see the
 * ID can be a {@code BeforeSaveCallback} or {@code AfterSaveCallback}, which run after conversion.
 * An entity that cannot take the ID (its wither or constructor throws) loses the number: a gap,
 * reported to every {@code SequenceListener} bean as discarded ({@code FAILURE}).
 *
 * <p><b>Transactions.</b> The allocator's store works on the driver's database, outside Spring's
 * transaction synchronization: the number is taken in its own write, never in the caller's MongoDB
 * transaction, so a rolled-back business transaction leaves a gap and never a write conflict on the
 * counter.
 *
 * <p><b>Collisions.</b> The callback notes which IDs it handed out on the current thread; when the
 * write then fails on the unique index because one of them is taken (the counter was set back while
 * the service ran), {@link CustomerIdExceptionTranslator} heals the counter and the caller gets a
 * {@link CustomerIdCollisionException}. Saving the same new entity again gives it a fresh ID.
 *
 * <p>Thread-safe.
 */
public final class CustomerIdEntityCallback
    implements BeforeConvertCallback<Object>, AfterSaveCallback<Object>, Ordered {

  /** The order among entity callbacks: last, after auditing (100). */
  public static final int ORDER = Ordered.LOWEST_PRECEDENCE;

  private static final Logger log = LoggerFactory.getLogger(CustomerIdEntityCallback.class);

  private final IdAllocator allocator;
  private final CustomerIdEntities entities;
  private final CustomerIdCollections collections;
  private final CustomerIdCollisions collisions;
  /** Collections and fields whose kept malformed IDs have been logged at WARN. */
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  CustomerIdEntityCallback(IdAllocator allocator, CustomerIdEntities entities,
      CustomerIdCollections collections, CustomerIdCollisions collisions) {
    this.allocator = allocator;
    this.entities = entities;
    this.collections = collections;
    this.collisions = collisions;
  }

  /**
   * Assigns the next customer ID if the entity is a customer without one.
   *
   * @param entity the entity Spring Data is about to convert
   * @param collection the collection it is written to
   * @return the entity, with the ID (for immutable types a new instance)
   * @throws StoreException if the counter could not be read or advanced (nothing is written)
   * @throws io.github.customerid.core.InvalidConfigurationException if the entity type's {@link
   *     CustomerId} annotation is misused
   */
  @Override
  public Object onBeforeConvert(Object entity, String collection) {
    Objects.requireNonNull(entity, "entity");
    Optional<CustomerIdMapping> found = entities.forType(entity.getClass());
    if (found.isEmpty()) {
      return entity;
    }
    CustomerIdMapping mapping = found.get();
    if (!mapping.isCustomer(entity)) {
      return entity;
    }
    String existing = mapping.get(entity);
    if (existing != null && !existing.isBlank()
        && !(collisions.collided(existing) && mapping.isNew(entity))) {
      // Kept as it is; a spelling of the prefix (PL1 after the padding became 4) silently.
      if (collections.scheme(mapping).numberOf(existing).isEmpty()) {
        keptMalformed(mapping, existing);
      }
      return entity;
    }
    collections.prepare(mapping);
    String id = allocator.next();
    Object withId;
    try {
      withId = mapping.with(entity, id);
    } catch (RuntimeException | Error e) {
      collections.discarded(1); // the number never reached the entity: a gap
      throw e;
    }
    collisions.assigned(mapping, collection, id);
    return withId;
  }

  /**
   * Logs that a customer keeps a value that is no spelling of an ID of the format's prefix: at WARN
   * the first time per collection and field, at DEBUG after that, so that importing many cannot flood
   * the log.
   */
  private void keptMalformed(CustomerIdMapping mapping, String existing) {
    boolean first = warned.add(mapping.key());
    if (!first && !log.isDebugEnabled()) {
      return;
    }
    String reason;
    try {
      allocator.format().parse(existing);
      return; // valid after all
    } catch (InvalidIdException e) {
      reason = e.getMessage(); // quotes the value with control characters escaped
    }
    String where = collections.namespace(mapping) + "." + mapping.field();
    if (first) {
      log.warn("Kept the customer ID already on a customer saved to {} (sequence {}), although it "
          + "is no ID of the format's prefix: {}. Reconcile and look-up by typed ID do not read it; "
          + "further ones in {} are logged at DEBUG", where, allocator.sequence(), reason, where);
    } else {
      log.debug("Kept the customer ID already on a customer saved to {} (sequence {}), although "
          + "it is no ID of the format's prefix: {}", where, allocator.sequence(), reason);
    }
  }

  /**
   * Forgets the IDs of a successfully written entity (bookkeeping for collision healing).
   *
   * @param entity the entity written
   * @param document the document written
   * @param collection the collection
   * @return {@code entity}, unchanged
   */
  @Override
  public Object onAfterSave(Object entity, Document document, String collection) {
    collisions.saved(collection, document);
    return entity;
  }

  /**
   * Returns {@link #ORDER}.
   *
   * @return the order
   */
  @Override
  public int getOrder() {
    return ORDER;
  }
}
