package io.github.customerid.spring.boot;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.github.customerid.mongo.customers.ReconcileReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.support.PersistenceExceptionTranslator;

/**
 * Spring Data's exception translation with collision healing: a duplicate-key error on a write of
 * entities that were just given customer IDs, one of which some other document already holds, means
 * the counter is behind the data. The counter is then reconciled (moved past the highest ID in the
 * collection) and the error becomes a {@link CustomerIdCollisionException} naming the ID and the cure.
 * Every other error is translated by the delegate, unchanged. Thread-safe.
 */
final class CustomerIdExceptionTranslator implements PersistenceExceptionTranslator {

  private static final Logger log = LoggerFactory.getLogger(CustomerIdExceptionTranslator.class);

  private final PersistenceExceptionTranslator delegate;
  private final Supplier<CustomerIdCollections> collectionsSupplier;
  private final Supplier<CustomerIdCollisions> collisionsSupplier;

  CustomerIdExceptionTranslator(PersistenceExceptionTranslator delegate,
      Supplier<CustomerIdCollections> collections, Supplier<CustomerIdCollisions> collisions) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.collectionsSupplier = collections;
    this.collisionsSupplier = collisions;
  }

  @Override
  public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
    if (!isDuplicateKey(ex)) {
      return delegate.translateExceptionIfPossible(ex);
    }
    CustomerIdCollisions collisions = collisionsSupplier.get();
    List<CustomerIdCollisions.Pending> pending = collisions.drain();
    if (pending.isEmpty()) {
      return delegate.translateExceptionIfPossible(ex);
    }
    CustomerIdCollections collections = collectionsSupplier.get();
    Map<CustomerIdMapping, List<String>> byMapping = new LinkedHashMap<>();
    for (CustomerIdCollisions.Pending p : pending) {
      byMapping.computeIfAbsent(p.mapping(), m -> new ArrayList<>()).add(p.id());
    }
    try {
      for (Map.Entry<CustomerIdMapping, List<String>> e : byMapping.entrySet()) {
        CustomerIdMapping mapping = e.getKey();
        List<String> taken = collections.taken(mapping, e.getValue());
        if (taken.isEmpty()) {
          continue;
        }
        ReconcileReport report = collections.heal(mapping, taken);
        boolean single = ex instanceof MongoWriteException && pending.size() == 1;
        if (single) {
          taken.forEach(collisions::markCollided);
        }
        String ids = taken.size() == 1 ? "customer ID " + taken.get(0)
            : "customer IDs " + taken;
        String message = ids + " already taken in " + collections.namespace(mapping) + "."
            + mapping.field() + ": the counter of sequence \"" + collections.sequence()
            + "\" was behind the data (set back, restored from a backup or deleted while the "
            + "service ran). It has been moved to " + report.counterAfter() + ", the highest ID in "
            + "the data; "
            + (single ? "save the entity again and it gets a new ID."
                : "clear the customer ID of the entities that were not written and save them "
                    + "again to give them new IDs.");
        log.warn("{} ({})", message, report);
        return new CustomerIdCollisionException(message, taken, ex);
      }
    } catch (RuntimeException healFailed) {
      ex.addSuppressed(healFailed);
    }
    return delegate.translateExceptionIfPossible(ex);
  }

  static boolean isDuplicateKey(RuntimeException ex) {
    if (ex instanceof MongoWriteException w) {
      return w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    if (ex instanceof MongoBulkWriteException b) {
      for (BulkWriteError e : b.getWriteErrors()) {
        if (e.getCategory() == ErrorCategory.DUPLICATE_KEY) {
          return true;
        }
      }
      return false;
    }
    return ex instanceof MongoException m
        && ErrorCategory.fromErrorCode(m.getCode()) == ErrorCategory.DUPLICATE_KEY;
  }
}
