package io.github.customerid.spring.boot;

import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.InvalidIdException;
import io.github.customerid.core.StoreException;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
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
 * immutable class. A value already there is kept if it is an ID of the format, and rejected with
 * {@link InvalidIdException} if not. Every other entity is returned unchanged.
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

  private final IdAllocator allocator;
  private final CustomerIdEntities entities;
  private final CustomerIdCollections collections;
  private final CustomerIdCollisions collisions;

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
   * @throws InvalidIdException if the customer already holds a value that is not an ID of the format
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
    if (existing != null
        && !(collisions.collided(existing) && mapping.isNew(entity))) {
      allocator.format().parse(existing); // throws InvalidIdException naming the value
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
