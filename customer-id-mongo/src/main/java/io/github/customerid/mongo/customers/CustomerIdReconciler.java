package io.github.customerid.mongo.customers;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.github.customerid.core.CorruptCounterException;
import io.github.customerid.core.StoreException;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.spi.SequenceStore;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a counter forward past the highest customer ID stored, if it is behind: the one place where
 * "find the highest stored ID, then advance the counter" is done, for the assigner's self-healing, the
 * migration and the command line's {@code reconcile}.
 *
 * <pre>{@code
 * ReconcileReport r = CustomerIdReconciler.builder(scheme, store).build().reconcile();
 * }</pre>
 *
 * <p><b>Algorithm.</b> Read the counter; read every value of the ID field that starts with the
 * format's prefix (an anchored prefix match, which MongoDB answers from the ID field's index, projected
 * to the field alone); read each as a number with {@link CustomerIdScheme#numberOf(Object, long)}, so
 * that every spelling counts ({@code PL1} and {@code PL0001} alike, and an old plain {@code PL13}
 * under a check-digit format as 13), and ignore values that spell none;
 * then {@link SequenceStore#advanceTo} the highest, which is atomic and never moves a counter back.
 * Concurrent reconciles and allocations are therefore safe.
 *
 * <p>Cost: one pass over the stored IDs, two under a format with a check digit (the first finds the
 * highest value only a plain format can have written). Run it at start-up, on demand, or after a collision, not per
 * request.
 *
 * <p>Immutable and thread-safe.
 */
public final class CustomerIdReconciler {

  private static final Logger log = LoggerFactory.getLogger(CustomerIdReconciler.class);

  private final CustomerIdScheme scheme;
  private final SequenceStore store;
  private final SequenceListener listener;

  private CustomerIdReconciler(Builder b) {
    this.scheme = b.scheme;
    this.store = b.store;
    this.listener = SequenceListener.guard(b.listener);
  }

  /**
   * Starts a builder.
   *
   * @param scheme where the customer IDs live
   * @param store the counter store holding the scheme's sequence
   * @return a builder
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(CustomerIdScheme scheme, SequenceStore store) {
    return new Builder(scheme, store);
  }

  /**
   * Moves the counter forward past the highest stored ID, if it is behind; never moves it back.
   *
   * @return what was found and changed
   * @throws StoreException if MongoDB or the counter store failed
   * @throws CorruptCounterException if the counter is unreadable and cannot be moved forward (a
   *     counter below zero is moved forward, with a warning; one that is not an integer is not)
   */
  public ReconcileReport reconcile() {
    return reconcile("reconcile");
  }

  /** Reconciles; {@code reason} goes to the listener's {@code onHeal} if the counter moved. */
  ReconcileReport reconcile(String reason) {
    OptionalLong before;
    CorruptCounterException unreadable = null;
    try {
      before = store.current(scheme.sequence());
    } catch (CorruptCounterException e) {
      before = OptionalLong.empty();
      unreadable = e;
    }
    Scan scan = scan();
    long after;
    try {
      // An unreadable counter is moved forward even when no ID is stored: one below zero (a stray
      // $inc) is behind the data and goes to 0; one that is not an integer makes advanceTo throw.
      after = scan.highest > 0 || unreadable != null
          ? store.advanceTo(scheme.sequence(), scan.highest)
          : before.orElse(0);
    } catch (CorruptCounterException e) {
      if (unreadable != null) {
        e.addSuppressed(unreadable);
      }
      throw e;
    }
    if (unreadable != null) {
      // A counter below zero (a stray $inc) is behind the data, not lost: advanceTo repaired it.
      log.warn("Counter of sequence \"{}\" could not be read ({}); moved it forward past the"
          + " highest ID in {} ({}) to {}", scheme.sequence(), unreadable.getMessage(),
          scheme.namespace(), scan.highest > 0 ? scheme.format().format(scan.highest) : "none",
          after);
    }
    ReconcileReport report = new ReconcileReport(scheme.sequence(), before,
        scan.highest > 0 ? OptionalLong.of(scan.highest) : OptionalLong.empty(), after,
        scan.scanned, scan.ignored, unreadable != null);
    if (report.changed()) {
      listener.onHeal(scheme.sequence(), before.isPresent() ? before.getAsLong() : -1, after,
          reason + ": highest stored ID " + (scan.highest > 0
              ? scheme.format().format(scan.highest) : "none"));
      log.info("Reconciled sequence \"{}\" with {}: {}", scheme.sequence(), scheme.namespace(),
          report);
    }
    return report;
  }

  /**
   * Reads the highest number among the stored IDs, in any spelling, without touching the counter.
   *
   * @return the number, or empty if no document carries an ID of the format's prefix
   * @throws StoreException if MongoDB failed
   */
  public OptionalLong highestStored() {
    long highest = scan().highest;
    return highest > 0 ? OptionalLong.of(highest) : OptionalLong.empty();
  }

  private Scan scan() {
    // Under a check digit, a first pass finds the highest value only a plain format can have
    // written, which settles how canonical IDs that are also plain numbers read (numberOf(v, n)).
    long highestPlainOnly = scheme.highestPlainOnlyNumber();
    Scan scan = new Scan();
    eachValue(v -> {
      scan.scanned++;
      OptionalLong n = scheme.numberOf(v, highestPlainOnly);
      if (n.isPresent()) {
        scan.highest = Math.max(scan.highest, n.getAsLong());
      } else {
        scan.ignored++;
      }
    });
    return scan;
  }

  /** Streams every value of the ID field that starts with the prefix. */
  private void eachValue(Consumer<Object> action) {
    String field = scheme.idField();
    // The prefix is ASCII letters and digits (IdFormat checks), so this anchored regex needs no
    // quoting, and MongoDB answers it with a range scan of the ID field's index.
    try (MongoCursor<Document> cursor = scheme.collection()
        .find(Filters.regex(field, "^" + scheme.format().prefix()))
        .projection(Projections.fields(Projections.include(field), Projections.excludeId()))
        .batchSize(10_000)
        .iterator()) {
      while (cursor.hasNext()) {
        action.accept(cursor.next().get(field));
      }
    } catch (MongoException e) {
      throw new StoreException("MongoDB failed to scan " + scheme.namespace() + "." + field
          + " for the highest customer ID of sequence \"" + scheme.sequence() + "\": "
          + e.getMessage(), e);
    }
  }

  private static final class Scan {
    long highest;
    long scanned;
    long ignored;
  }

  /**
   * Describes the reconciler, for logs.
   *
   * @return the scheme
   */
  @Override
  public String toString() {
    return "CustomerIdReconciler[" + scheme + "]";
  }

  /** Builds a {@link CustomerIdReconciler}. Not thread-safe; the reconciler is. */
  public static final class Builder {
    private final CustomerIdScheme scheme;
    private final SequenceStore store;
    private SequenceListener listener = SequenceListener.NOOP;

    private Builder(CustomerIdScheme scheme, SequenceStore store) {
      this.scheme = Objects.requireNonNull(scheme, "scheme");
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Sets the listener told about every move of the counter ({@link SequenceListener#onHeal}, with
     * {@code from} -1 when the counter was absent or unreadable). What it throws is logged, never
     * passed on.
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
     * Builds the reconciler. Does not touch the database.
     *
     * @return the reconciler
     */
    public CustomerIdReconciler build() {
      return new CustomerIdReconciler(this);
    }
  }
}
