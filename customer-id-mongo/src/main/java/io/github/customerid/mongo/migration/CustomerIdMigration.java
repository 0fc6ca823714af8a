package io.github.customerid.mongo.migration;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.StoreException;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.mongo.customers.CustomerIdReconciler;
import io.github.customerid.mongo.customers.CustomerIdScheme;
import io.github.customerid.mongo.customers.ReconcileReport;
import io.github.customerid.core.spi.StoreArguments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every existing customer that has no ID yet the next IDs of the counter, in order of creation:
 * the Node/Mongoose system's {@code npm run migrate:customer-ids}, made safe to re-run, to resume and to run alongside
 * live traffic.
 *
 * <pre>{@code
 * CustomerIdScheme scheme = CustomerIdScheme.of(db.getCollection("users"));
 * MigrationReport r = CustomerIdMigration.builder(scheme, store).build().run();
 * // after initialize(23), the oldest customer without an ID gets PL24
 * }</pre>
 *
 * <h2>Algorithm</h2>
 *
 * <ol>
 *   <li>Read the {@code _id} (and the order field, if configured) of every customer without an ID
 *       ({@code {role: "customer", customerId: null}}: the field is missing or null) in one streaming
 *       query, and sort them by creation in the client. Their number is the total for progress: no
 *       separate count, no per-document round trip.
 *   <li>Read the highest valid ID already stored in the collection; if the counter is behind it, move
 *       the counter forward to it ({@link SequenceStore#advanceTo}, atomic and monotonic), so that no
 *       drawn number can collide with an existing ID.
 *   <li>For each slice of {@code batchSize} customers, oldest first: draw one block of exactly that
 *       many numbers from the counter ({@link SequenceStore#allocate}, one round trip), and write them
 *       in one unordered bulk write of conditional updates: <br>
 *       {@code updateOne({_id: <id>, role: "customer", customerId: null}, {$set: {customerId:
 *       "PL<n>"}})}.
 *   <li>Sweep: query the customers still without an ID (oldest first, {@code batchSize} at a time) and
 *       treat them the same way, until none is left. This catches customers inserted without an ID
 *       while the run was going, and those whose write hit the unique index.
 * </ol>
 *
 * <p>Memory: the client holds the {@code _id}s of the customers to migrate (roughly 100 bytes each,
 * 100 MB per million).
 *
 * <h2>Why it is idempotent and resumable</h2>
 *
 * <ul>
 *   <li><b>No customer gets two IDs</b>: every write is conditional on the field still being missing.
 *       A customer who got an ID in between (from an earlier run, a concurrent run, or the live insert
 *       path) does not match the update and keeps the ID it has. A second run finds nobody and assigns
 *       nothing.
 *   <li><b>No ID goes to two customers</b>: each number comes from a block the counter handed to this
 *       batch alone, and each number of a block is written into at most one update. The unique index on
 *       the ID field (from the index bootstrap) is the database's own safety net; if it fires anyway (the
 *       counter was behind data written meanwhile), the counter is moved past the highest stored ID and
 *       those customers are retried with fresh numbers, a bounded number of times.
 *   <li><b>Nobody is skipped</b>: the selection is "customers without an ID", read at the start and
 *       again by the closing sweep until it is empty, and the state lives only in the documents. A run
 *       killed at any point (process killed, connection lost, between drawing numbers and writing
 *       them, half way through a bulk write) leaves exactly the customers without an ID, which the
 *       next run selects.
 *   <li><b>The price</b>: numbers drawn by a killed batch, or for customers that got an ID elsewhere,
 *       are never written: gaps, at most one batch per interruption, reported as {@link
 *       MigrationReport#unusedNumbers()}. A number is never reused.
 * </ul>
 *
 * <h2>Alongside live traffic</h2>
 *
 * New customers registering during the migration draw from the same counter, so their IDs are unique
 * too. Creation order then holds <em>within</em> the migrated customers (older customer, smaller
 * number) and <em>within</em> the new ones, but not across them: a customer who registers while batch
 * 7 is written gets a number between batch 7's and batch 8's, larger than some older customers still
 * waiting. Run the migration before opening registration if the numbers must follow creation order
 * strictly. Several migrations at once are safe too (they only waste numbers).
 *
 * <h2>Order of creation</h2>
 *
 * By default the {@code _id}, whose {@code ObjectId} starts with its creation second, so sorting by
 * {@code _id} is sorting by creation time and then by the rest of the id. With {@link
 * Builder#orderBy(String)} (say {@code createdAt}) the sort is by that field, then {@code _id}, in
 * MongoDB's order for nulls, numbers, strings, ObjectIds, booleans and dates.
 *
 * <h2>Cost</h2>
 *
 * One streaming read of the candidates, one streaming pass over the IDs already stored, then per
 * batch one counter round trip and one bulk write whose updates are point look-ups by {@code _id}.
 * Linear in the number of customers.
 *
 * <p>Progress goes to the {@link MigrationListener} after every batch and to slf4j (logger {@code
 * io.github.customerid.mongo.migration.CustomerIdMigration}) at INFO every few seconds.
 *
 * <p>Immutable and thread-safe; each {@link #run()} is independent.
 */
public final class CustomerIdMigration {

  /** Default number of customers per batch. */
  public static final int DEFAULT_BATCH_SIZE = 1_000;

  /** Largest accepted batch size (a bulk write of this many updates stays far below 16 MiB). */
  public static final int MAX_BATCH_SIZE = 100_000;

  /** Default number of planned assignments a dry run lists. */
  public static final int DEFAULT_PREVIEW_LIMIT = 10;

  /** How many batches in a row may hit the unique index before the migration gives up. */
  static final int MAX_DUPLICATE_KEY_RETRIES = 5;

  private static final Logger log = LoggerFactory.getLogger(CustomerIdMigration.class);
  private static final long LOG_INTERVAL_NANOS = 2_000_000_000L;

  private final Settings s;
  private final String orderBy;
  private final int batchSize;
  private final int previewLimit;
  private final MigrationListener listener;

  private CustomerIdMigration(Builder b) {
    this.s = b.settings;
    this.orderBy = b.orderBy;
    this.batchSize = b.batchSize;
    this.previewLimit = b.previewLimit;
    this.listener = b.listener;
  }

  /**
   * Starts a builder: oldest first, batches of {@value #DEFAULT_BATCH_SIZE}.
   *
   * @param scheme where the customer IDs live: collection, ID field, customers, format, sequence
   * @param store the counter store to draw numbers from (the one the live service uses)
   * @return a builder
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(CustomerIdScheme scheme, SequenceStore store) {
    return new Builder(new Settings(scheme, store));
  }

  /**
   * Runs the migration to the end.
   *
   * @return what was done
   * @throws MigrationException if a write failed for another reason than a lost race, or the unique
   *     index kept firing; what was assigned stays, and running again resumes
   * @throws StoreException if the counter or the collection could not be read or written
   * @throws io.github.customerid.core.CorruptCounterException if the counter is unreadable
   * @throws RuntimeException whatever the listener threw; running again resumes
   */
  public MigrationReport run() {
    return execute(false);
  }

  /**
   * Reports what {@link #run()} would do and changes nothing: how many customers, which IDs, whether
   * the counter would first be moved past stored IDs, and the first assignments in order.
   *
   * @return the plan, with {@link MigrationReport#dryRun()} true
   * @throws StoreException if the counter or the collection could not be read
   * @throws io.github.customerid.core.CorruptCounterException if the counter is unreadable
   */
  public MigrationReport dryRun() {
    return execute(true);
  }

  private MigrationReport execute(boolean dry) {
    long started = System.nanoTime();
    try {
      return dry ? plan(started) : migrate(started);
    } catch (MongoException e) {
      throw new StoreException("migration of " + s.namespace() + "." + s.field + " failed: "
          + e.getMessage() + " (what was assigned stays; running again resumes)", e);
    }
  }

  private MigrationReport plan(long started) {
    long total = s.users.countDocuments(s.customersWithoutId());
    OptionalLong before = s.store.current(s.sequence);
    long highest = CustomerIdReconciler.builder(s.scheme, s.store).build().highestStored()
        .orElse(0);
    long base = Math.max(before.orElse(0), highest);
    OptionalLong advance = highest > before.orElse(0) ? OptionalLong.of(highest) : OptionalLong.empty();
    List<MigrationReport.Assignment> preview = new ArrayList<>();
    long n = base;
    for (Document d : s.users.find(s.customersWithoutId()).sort(sort())
        .projection(Projections.include("_id")).limit(previewLimit)) {
      n = StoreArguments.checkedAdd(s.sequence, n, 1);
      preview.add(new MigrationReport.Assignment(d.get("_id"), s.format.format(n)));
    }
    long end = total == 0 ? base : StoreArguments.checkedAdd(s.sequence, base, total);
    OptionalLong after = total == 0 && before.isEmpty() && advance.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(end);
    log.info("Dry run on {}: {} customers without {}; would assign {}..{} from counter \"{}\"",
        s.namespace(), total, s.field, total == 0 ? "-" : s.format.format(base + 1),
        total == 0 ? "-" : s.format.format(end), s.sequence);
    return new MigrationReport(true, s, total, 0, 0, 0, 0, 0, before, advance, after,
        total == 0 ? Optional.empty() : Optional.of(s.format.format(base + 1)),
        total == 0 ? Optional.empty() : Optional.of(s.format.format(end)),
        Duration.ofNanos(System.nanoTime() - started), preview);
  }

  private MigrationReport migrate(long started) {
    Bson missing = s.customersWithoutId();
    OptionalLong before = s.store.current(s.sequence);
    // One streaming read of every candidate's _id (and order key), ordered here rather than by the
    // server: linear on every server, and no per-document round trip for the count.
    List<Object> candidates = loadCandidatesInCreationOrder(missing);
    long total = candidates.size();
    log.info("Migrating {}: {} customers without {}; counter \"{}\" at {}", s.namespace(), total,
        s.field, s.sequence, before.isPresent() ? before.getAsLong() : "(none)");
    if (total > 0 && s.uniqueIndexOnField().isEmpty()) {
      log.warn("Sequence \"{}\": {} has no unique index on {}: the database will not reject a"
          + " duplicate ID. Run the index bootstrap before or after the migration.", s.sequence,
          s.namespace(), s.field);
    }
    OptionalLong advanced = total > 0 ? moveCounterPastStoredIds() : OptionalLong.empty();

    Run run = new Run(started, total);
    for (int from = 0; from < candidates.size(); from += batchSize) {
      run.batch(candidates.subList(from, Math.min(candidates.size(), from + batchSize)));
    }
    // Sweep: customers whose write hit the unique index, or inserted without an ID meanwhile.
    while (true) {
      List<Object> rest = new ArrayList<>();
      for (Document d : s.users.find(missing).sort(sort()).projection(Projections.include("_id"))
          .limit(batchSize)) {
        rest.add(d.get("_id"));
      }
      if (rest.isEmpty()) {
        break;
      }
      if (!run.batch(rest)) {
        throw new MigrationException("migration of " + s.namespace() + "." + s.field
            + " stopped: " + rest.size() + " customers without an ID, first _id " + rest.get(0)
            + ", are selected by the customer filter but could not be updated with it; check"
            + " that the filter " + s.customerFilter + " selects plain field values");
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    OptionalLong after = s.store.current(s.sequence);
    MigrationReport report = new MigrationReport(false, s, total, run.assigned, run.byOthers,
        run.drawn - run.assigned, run.batches, run.duplicateRounds, before, advanced, after,
        run.first == 0 ? Optional.empty() : Optional.of(s.format.format(run.first)),
        run.last == 0 ? Optional.empty() : Optional.of(s.format.format(run.last)), took,
        List.of());
    log.info("Migrated {} from counter \"{}\": {}", s.namespace(), s.sequence,
        new MigrationProgress(run.assigned, total, run.batches, took));
    return report;
  }

  private List<Object> loadCandidatesInCreationOrder(Bson missing) {
    List<Document> docs = new ArrayList<>();
    for (Document d : s.users.find(missing)
        .projection(orderBy == null ? Projections.include("_id")
            : Projections.include("_id", orderBy))
        .batchSize(10_000)) {
      docs.add(d);
    }
    Comparator<Document> byId = Comparator.comparing(d -> d.get("_id"), BsonOrder.INSTANCE);
    docs.sort(orderBy == null ? byId
        : Comparator.<Document, Object>comparing(d -> d.get(orderBy), BsonOrder.INSTANCE)
            .thenComparing(byId));
    List<Object> ids = new ArrayList<>(docs.size());
    for (Document d : docs) {
      ids.add(d.get("_id"));
    }
    return ids;
  }

  /** The state of one {@link #run()}: counts, and one batch's draw-and-write. */
  private final class Run {
    final long started;
    final long total;
    long assigned;
    long byOthers;
    long drawn;
    long batches;
    long duplicateRounds;
    long consecutiveDuplicateRounds;
    long first;
    long last;
    long lastLog = System.nanoTime();

    Run(long started, long total) {
      this.started = started;
      this.total = total;
    }

    /** Draws one block for {@code ids} and writes it; returns whether any customer got an ID. */
    boolean batch(List<Object> ids) {
      int n = ids.size();
      long end = s.store.allocate(s.sequence, n);
      long start = end - n + 1;
      drawn += n;
      if (first == 0) {
        first = start;
      }
      last = Math.max(last, end);
      List<UpdateOneModel<Document>> updates = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        updates.add(new UpdateOneModel<>(s.oneCustomerWithoutId(ids.get(i)),
            Updates.set(s.field, s.format.format(start + i))));
      }
      long matched;
      int failed = 0;
      try {
        BulkWriteResult result = s.users.bulkWrite(updates, new BulkWriteOptions().ordered(false));
        matched = result.getMatchedCount();
        consecutiveDuplicateRounds = 0;
      } catch (MongoBulkWriteException e) {
        matched = e.getWriteResult().getMatchedCount();
        failed = e.getWriteErrors().size();
        for (BulkWriteError error : e.getWriteErrors()) {
          if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
            throw new MigrationException("migration of " + s.namespace() + "." + s.field
                + " stopped: the database rejected the update of _id " + ids.get(error.getIndex())
                + " (" + error.getMessage() + "); " + (assigned + matched) + " customers were"
                + " assigned in this run and keep their IDs; running again resumes", e);
          }
        }
        duplicateRounds++;
        if (++consecutiveDuplicateRounds > MAX_DUPLICATE_KEY_RETRIES) {
          throw new MigrationException("migration of " + s.namespace() + "." + s.field
              + " stopped: IDs drawn from counter \"" + s.sequence + "\" kept colliding with"
              + " stored IDs (" + e.getWriteErrors().get(0).getMessage() + ") although the"
              + " counter was moved past them " + MAX_DUPLICATE_KEY_RETRIES + " times; is another"
              + " writer storing IDs without drawing them from this counter?", e);
        }
        log.warn("{} of {} IDs of a batch already exist in {} (the counter \"{}\" is behind the"
            + " data); moving the counter forward and retrying those customers", failed, n,
            s.namespace(), s.sequence);
        moveCounterPastStoredIds();
      }
      assigned += matched;
      byOthers += n - matched - failed;
      batches++;
      MigrationProgress progress = new MigrationProgress(assigned, total, batches,
          Duration.ofNanos(System.nanoTime() - started));
      log.debug("Sequence \"{}\": batch {}: {} numbers {}..{}, {} assigned", s.sequence, batches, n,
          start, end, matched);
      if (System.nanoTime() - lastLog >= LOG_INTERVAL_NANOS) {
        lastLog = System.nanoTime();
        log.info("Migrating {} from counter \"{}\": {}", s.namespace(), s.sequence, progress);
      }
      listener.onProgress(progress);
      return matched > 0 || failed > 0;
    }
  }

  /** Moves the counter forward to the highest ID stored, if it is behind; returns the target. */
  private OptionalLong moveCounterPastStoredIds() {
    ReconcileReport r = CustomerIdReconciler.builder(s.scheme, s.store).build().reconcile();
    if (!r.changed()) {
      return OptionalLong.empty();
    }
    log.warn("Counter \"{}\" was at {} but {} is already stored in {}: moved it to {}",
        s.sequence, r.counterBefore().isPresent() ? r.counterBefore().getAsLong() : "(none)",
        s.format.format(r.highestInData().orElseThrow()), s.namespace(), r.counterAfter());
    return r.highestInData();
  }

  private Bson sort() {
    return orderBy == null ? Sorts.ascending("_id") : Sorts.ascending(orderBy, "_id");
  }

  /** Builds a {@link CustomerIdMigration}. Not thread-safe; the migration is. */
  public static final class Builder {
    private final Settings settings;
    private String orderBy;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int previewLimit = DEFAULT_PREVIEW_LIMIT;
    private MigrationListener listener = MigrationListener.NONE;

    private Builder(Settings settings) {
      this.settings = settings;
    }

    /**
     * Orders customers by a field holding their creation time, such as {@code createdAt}, then by
     * {@code _id} (default: by {@code _id} alone, whose {@code ObjectId} begins with its creation time).
     *
     * @param field the field name
     * @return this builder
     * @throws io.github.customerid.core.InvalidConfigurationException naming the field if it is empty
     *     or starts with {@code $}
     */
    public Builder orderBy(String field) {
      Objects.requireNonNull(field, "field");
      if (field.isEmpty() || field.startsWith("$")) {
        throw new io.github.customerid.core.InvalidConfigurationException(
            "order field \"" + field + "\" is not a field name");
      }
      this.orderBy = field.equals("_id") ? null : field;
      return this;
    }

    /**
     * Sets how many customers are read, numbered and written per round (default {@value
     * #DEFAULT_BATCH_SIZE}). A killed run wastes at most one batch of numbers.
     *
     * @param size 1 to {@value #MAX_BATCH_SIZE}
     * @return this builder
     * @throws IllegalArgumentException naming the value if out of range
     */
    public Builder batchSize(int size) {
      if (size < 1 || size > MAX_BATCH_SIZE) {
        throw new IllegalArgumentException("batch size must be between 1 and " + MAX_BATCH_SIZE
            + ", was " + size);
      }
      this.batchSize = size;
      return this;
    }

    /**
     * Sets how many planned assignments a dry run lists (default {@value #DEFAULT_PREVIEW_LIMIT}).
     *
     * @param limit 0 to 1,000
     * @return this builder
     * @throws IllegalArgumentException naming the value if out of range
     */
    public Builder previewLimit(int limit) {
      if (limit < 0 || limit > 1_000) {
        throw new IllegalArgumentException("preview limit must be between 0 and 1000, was "
            + limit);
      }
      this.previewLimit = limit;
      return this;
    }

    /**
     * Sets the progress listener (default: none).
     *
     * @param listener called after every batch
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(MigrationListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the migration.
     *
     * @return the migration
     */
    public CustomerIdMigration build() {
      return new CustomerIdMigration(this);
    }
  }
}
