package io.github.customerid.spring.boot;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.StoreException;
import io.github.customerid.core.listener.DiscardReason;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.mongo.MongoIndexBootstrap;
import io.github.customerid.mongo.MongoSequenceStore;
import io.github.customerid.mongo.customers.CustomerIdIndex;
import io.github.customerid.mongo.customers.CustomerIdReconciler;
import io.github.customerid.mongo.customers.CustomerIdScheme;
import io.github.customerid.mongo.customers.ReconcileReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import org.bson.Document;

/**
 * The MongoDB side of the customer collections: the unique index, reconcile, and the reads that heal
 * and health need. Works on the driver's database as the application's {@code MongoClient} gives
 * it, never through Spring's session-aware templates, so nothing here joins a caller's transaction.
 * Thread-safe.
 */
final class CustomerIdCollections {

  private final MongoDatabase database;
  private final SequenceStore store;
  private final String sequence;
  private final IdFormat format;
  private final Optional<MongoIndexBootstrap> counterIndex;
  private final boolean createIndexes;
  private final boolean reconcile;
  private final SequenceListener listener;
  private final Map<String, CompletableFuture<Void>> prepared = new ConcurrentHashMap<>();
  private final Map<String, CustomerIdScheme> schemes = new ConcurrentHashMap<>();

  /**
   * @param counterIndex creates the unique index of the store's counters, if the store is one that
   *     needs it: empty for a store that is not a {@link MongoSequenceStore}, or that creates no index
   */
  CustomerIdCollections(MongoDatabase database, SequenceStore store, String sequence,
      IdFormat format, Optional<MongoIndexBootstrap> counterIndex, boolean createIndexes,
      boolean reconcile, List<SequenceListener> listeners) {
    this.database = database;
    this.store = store;
    this.sequence = sequence;
    this.format = format;
    this.counterIndex = counterIndex;
    this.createIndexes = createIndexes;
    this.reconcile = reconcile;
    this.listener = heals(listeners);
  }

  /**
   * One listener that tells each of {@code listeners} about a heal and about discarded numbers (the
   * events reported outside the allocator); what one throws is logged.
   */
  private static SequenceListener heals(List<SequenceListener> listeners) {
    List<SequenceListener> guarded = listeners.stream().map(SequenceListener::guard).toList();
    if (guarded.isEmpty()) {
      return SequenceListener.NOOP;
    }
    if (guarded.size() == 1) {
      return guarded.get(0);
    }
    return new SequenceListener() {
      @Override
      public void onHeal(String sequence, long from, long to, String reason) {
        for (SequenceListener l : guarded) {
          l.onHeal(sequence, from, to, reason);
        }
      }

      @Override
      public void onDiscarded(String sequence, long count, DiscardReason reason) {
        for (SequenceListener l : guarded) {
          l.onDiscarded(sequence, count, reason);
        }
      }
    };
  }

  /**
   * Reports to the listeners ({@link SequenceListener#onDiscarded}, {@link DiscardReason#FAILURE})
   * that {@code count} numbers drawn for an entity never reached it: a gap.
   */
  void discarded(long count) {
    listener.onDiscarded(sequence, count, DiscardReason.FAILURE);
  }

  String sequence() {
    return sequence;
  }

  IdFormat format() {
    return format;
  }

  SequenceStore store() {
    return store;
  }

  /**
   * Creates the index and reconciles, as configured, once per collection and field: at start-up for
   * the entity types known then, otherwise before the first ID is assigned to a type. Concurrent
   * callers wait for the one doing it; a failure is thrown to every waiting caller and retried by
   * the next one.
   */
  void prepare(CustomerIdMapping mapping) {
    if (!createIndexes && !reconcile) {
      return;
    }
    String key = mapping.key();
    CompletableFuture<Void> existing = prepared.get(key);
    if (existing != null && existing.isDone() && !existing.isCompletedExceptionally()) {
      return; // the hot path of every save
    }
    CompletableFuture<Void> mine = new CompletableFuture<>();
    existing = prepared.putIfAbsent(key, mine);
    if (existing != null) {
      try {
        existing.join();
        return;
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    try {
      if (createIndexes) {
        counterIndex.ifPresent(MongoIndexBootstrap::ensureIndexes);
        CustomerIdIndex.of(scheme(mapping)).ensure();
      }
      if (reconcile) {
        reconcile(mapping);
      }
      mine.complete(null);
    } catch (RuntimeException e) {
      prepared.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /**
   * Moves the counter past the highest ID in the mapping's collection; if it moved, logs one line and
   * reports the move to the listeners ({@link SequenceListener#onHeal}).
   */
  ReconcileReport reconcile(CustomerIdMapping mapping) {
    return reconcile(mapping, listener);
  }

  /**
   * Reconciles after a save found {@code taken} already held by other documents, and reports the move
   * to the listeners as a self-heal naming the IDs.
   */
  ReconcileReport heal(CustomerIdMapping mapping, List<String> taken) {
    String cause = "self-heal: customer ID" + (taken.size() == 1 ? " " + taken.get(0) : "s " + taken)
        + " already taken in " + namespace(mapping) + "." + mapping.field() + " on save";
    return reconcile(mapping, new SequenceListener() {
      @Override
      public void onHeal(String sequence, long from, long to, String reason) {
        listener.onHeal(sequence, from, to, cause + "; " + reason);
      }
    });
  }

  private ReconcileReport reconcile(CustomerIdMapping mapping, SequenceListener healListener) {
    return CustomerIdReconciler.builder(scheme(mapping), store).listener(healListener).build()
        .reconcile();
  }

  /** Which of {@code ids} some document of the mapping's collection holds. */
  List<String> taken(CustomerIdMapping mapping, Collection<String> ids) {
    List<String> taken = new ArrayList<>();
    try {
      for (Document d : users(mapping).find(Filters.in(mapping.field(), ids))
          .projection(Projections.fields(Projections.include(mapping.field()),
              Projections.excludeId()))) {
        if (d.get(mapping.field()) instanceof String s) {
          taken.add(s);
        }
      }
    } catch (MongoException e) {
      throw new StoreException("MongoDB failed to check customer IDs " + ids + " in "
          + users(mapping).getNamespace() + ": " + e.getMessage(), e);
    }
    return taken;
  }

  /** Whether some document holds the ID the counter hands out next: the counter is behind the data. */
  boolean isBehind(CustomerIdMapping mapping, long counter) {
    if (counter == Long.MAX_VALUE) {
      return false;
    }
    return !taken(mapping, List.of(format.format(counter + 1))).isEmpty();
  }

  /** Whether a unique index on the ID field alone exists. */
  boolean hasUniqueIndex(CustomerIdMapping mapping) {
    for (Document index : users(mapping).listIndexes()) {
      Document key = index.get("key", Document.class);
      if (key != null && key.size() == 1 && key.containsKey(mapping.field())
          && Boolean.TRUE.equals(index.get("unique"))) {
        return true;
      }
    }
    return false;
  }

  String namespace(CustomerIdMapping mapping) {
    return users(mapping).getNamespace().getFullName();
  }

  private MongoCollection<Document> users(CustomerIdMapping mapping) {
    return database.getCollection(mapping.collection());
  }

  /** Where the mapping's IDs live, built once per collection and field. */
  CustomerIdScheme scheme(CustomerIdMapping mapping) {
    return schemes.computeIfAbsent(mapping.key(), k -> CustomerIdScheme.builder(users(mapping))
        .sequence(sequence)
        .format(format)
        .idField(mapping.field())
        .customers(mapping.customerFilter())
        .build());
  }
}
