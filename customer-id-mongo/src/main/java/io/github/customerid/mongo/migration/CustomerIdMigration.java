package io.github.customerid.mongo.migration;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.StoreException;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.core.listener.DiscardReason;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.mongo.customers.CustomerIdReconciler;
import io.github.customerid.mongo.customers.CustomerIdScheme;
import io.github.customerid.mongo.customers.ReconcileReport;
import io.github.customerid.core.spi.StoreArguments;
import io.github.customerid.mongo.MongoNames;
import io.github.customerid.mongo.SingleFieldIndex;
import java.time.Duration;
import java.util.ArrayList;
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
 *   <li>Count the customers without an ID ({@code {role: "customer", customerId: null}}: the field
 *       is missing or null), for progress. Create the order index {@code {createdAt: 1, _id: 1}} if
 *       no index's keys start with those (see {@link Builder#createOrderIndex(boolean)}).
 *   <li>Read the highest number already stored in the collection, in any spelling; if the counter is
 *       behind it, move the counter forward to it ({@link CustomerIdReconciler}, atomic and
 *       monotonic), so that no drawn number can collide with an existing ID.
 *   <li>Read the customers without an ID in creation order, one page of {@code batchSize} at a time,
 *       sorted by the server; each page starts right after the last key of the previous one ({@code
 *       {$or: [{createdAt: {$gt: c}}, {createdAt: c, _id: {$gt: id}}]}}), so each page is one range
 *       scan of the order index and the client holds one page, whatever the number of customers.
 *   <li>For each page: draw one block of exactly that many numbers from the counter ({@link
 *       SequenceStore#allocate}, one round trip), and write them in one ordered bulk write of
 *       conditional updates: <br>
 *       {@code updateOne({_id: <id>, role: "customer", customerId: null}, {$set: {customerId:
 *       "PL<n>"}})}. Ordered, so that a write cut short leaves a prefix of the page numbered and
 *       the rest gets larger numbers later: creation order survives interruptions.
 *   <li>Repeat the pass from the start until one finds nobody. This numbers customers whose write
 *       hit the unique index, those inserted without an ID behind the pass's position, and those
 *       whose order key has another BSON type than the pass reached (a range compares within one
 *       type; the sort puts the types in MongoDB's order, and each pass goes one type further).
 * </ol>
 *
 * <p>Memory: one page of {@code _id}s and order keys, and one bulk write; it does not grow with the
 * number of customers.
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
 *       the ID field ({@code CustomerIdIndex}) is the database's own safety net; if it fires anyway (the
 *       counter was behind data written meanwhile), the counter is moved past the highest stored ID and
 *       those customers are retried with fresh numbers, a bounded number of times.
 *   <li><b>Nobody is skipped</b>: the selection is "customers without an ID", read page by page and
 *       again by a closing pass until it is empty, and the state lives only in the documents. A run
 *       killed at any point (process killed, connection lost, between drawing numbers and writing
 *       them, half way through a bulk write) leaves exactly the customers without an ID, which the
 *       next run selects.
 *   <li><b>The price</b>: numbers drawn by a killed batch, or for customers that got an ID elsewhere,
 *       are never written: gaps, at most one batch per interruption, reported as {@link
 *       MigrationReport#unusedNumbers()}. A number is never reused.
 *   <li><b>What resuming means, and costs</b>: a run remembers no position between runs; "resume"
 *       means that a new run selects the customers that still have no ID, and nobody else. Within a
 *       pass each page starts after the last key of the previous one, but every pass (the first of a
 *       new run, and each closing pass) starts at the beginning of the order, so a run resumed after
 *       {@code k} customers were numbered reads past those {@code k} once on its first page (the
 *       server walks their index entries and documents and skips them; it writes nothing and draws
 *       no numbers for them), as the count at its start does. That is linear in the collection, once
 *       per pass, never per page.
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
 * By default MongoDB's order of {@code {createdAt: 1, _id: 1}}: customers without a {@code createdAt}
 * (created before Mongoose's {@code timestamps} were switched on) first, by {@code _id}, whose {@code
 * ObjectId} starts with its creation second; then customers with one, by {@code createdAt} and then
 * {@code _id}. {@link Builder#orderBy(String)} names another creation field, or {@code _id} alone.
 *
 * <h2>Cost</h2>
 *
 * One count, one pass over the IDs already stored, then per page one range scan of the order index,
 * one counter round trip and one bulk write whose updates are point look-ups by {@code _id}; one
 * further page read per pass. Linear in the number of customers.
 *
 * <p>Progress goes to the {@link MigrationListener} after every batch and to slf4j (logger {@code
 * io.github.customerid.mongo.migration.CustomerIdMigration}) at INFO every few seconds.
 *
 * <p>Immutable and thread-safe; each {@link #run()} is independent.
 *
 * <p>One file, though long: the passes, the batch's draw-and-write, the recovery from a unique-index
 * hit and the message of each way a run stops are one procedure whose safety argument (above) is
 * read as a whole, and about a third of the file is Javadoc.
 */
public final class CustomerIdMigration {

  /** Default number of customers per batch. */
  public static final int DEFAULT_BATCH_SIZE = 1_000;

  /** Largest accepted batch size (a bulk write of this many updates stays far below 16 MiB). */
  public static final int MAX_BATCH_SIZE = 100_000;

  /** Default number of planned assignments a dry run lists. */
  public static final int DEFAULT_PREVIEW_LIMIT = 10;

  /** Default field holding the creation time: the one Mongoose's {@code timestamps} option writes. */
  public static final String DEFAULT_ORDER_FIELD = "createdAt";

  /** How many batches in a row may hit the unique index before the migration gives up. */
  static final int MAX_DUPLICATE_KEY_RETRIES = 5;

  private static final Logger log = LoggerFactory.getLogger(CustomerIdMigration.class);
  private static final long LOG_INTERVAL_NANOS = 2_000_000_000L;

  private final Settings s;
  private final String orderBy;
  private final boolean createOrderIndex;
  private final int batchSize;
  private final int previewLimit;
  private final MigrationListener listener;
  /** Told of heals and of numbers lost to a failed batch; guarded. */
  private final SequenceListener sequenceListener;

  private CustomerIdMigration(Builder b) {
    this.s = b.settings;
    this.orderBy = b.orderBy;
    this.createOrderIndex = b.createOrderIndex;
    this.batchSize = b.batchSize;
    this.previewLimit = b.previewLimit;
    this.listener = b.listener;
    this.sequenceListener = SequenceListener.guard(b.sequenceListener);
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
    long total = s.users.countDocuments(missing);
    log.info("Migrating {}: {} customers without {}, in the order {}; counter \"{}\" at {}",
        s.namespace(), total, s.field, sort().toBsonDocument().toJson(), s.sequence,
        before.isPresent() ? before.getAsLong() : "(none)");
    OptionalLong advanced = OptionalLong.empty();
    if (total > 0) {
      if (s.uniqueIndexOnField().isEmpty()) {
        log.warn("Sequence \"{}\": {} has no unique index on {}: the database will not reject a"
            + " duplicate ID. Create it before or after the migration: `customer-id index`, or"
            + " CustomerIdIndex.of(scheme).ensure().", s.sequence,
            s.namespace(), s.field);
      }
      if (createOrderIndex) {
        ensureOrderIndex();
      }
      advanced = moveCounterPastStoredIds();
    }
    Run run = new Run(started, total);
    // Passes in creation order until one finds nobody. The first numbers everyone; a later one
    // numbers the customers whose write hit the unique index, those inserted without an ID behind
    // the first pass's position, and those whose order key has a BSON type the first pass's range
    // could not reach (a range query compares within one type).
    while (run.pass(missing)) {
      run.passes++;
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

  /**
   * Creates the index that serves the order of creation, unless an index whose keys start with
   * {@code {<order field>: 1, _id: 1}} exists (unique or not: one an administrator created ahead
   * with other options is used as it is, never duplicated, which a real server would also refuse).
   */
  private void ensureOrderIndex() {
    if (orderBy == null) {
      return; // the _id index serves it
    }
    Optional<String> existing = SingleFieldIndex.ascendingPrefix(s.users, List.of(orderBy, "_id"));
    if (existing.isPresent()) {
      log.debug("Sequence \"{}\": order index \"{}\" on {} in place", s.sequence, existing.get(),
          s.namespace());
      return;
    }
    // Unique because it ends with _id, so uniqueness costs nothing.
    String name = s.users.createIndex(Indexes.ascending(orderBy, "_id"),
        new IndexOptions().unique(true));
    log.info("Sequence \"{}\": created order index \"{}\" on {}", s.sequence, name,
        s.namespace());
  }

  /** The state of one {@link #run()}: counts, and one batch's draw-and-write. */
  private final class Run {
    final long started;
    final long total;
    long assigned;
    long byOthers;
    long drawn;
    long batches;
    long passes;
    long duplicateRounds;
    long consecutiveDuplicateRounds;
    long first;
    long last;
    long lastLog = System.nanoTime();

    Run(long started, long total) {
      this.started = started;
      this.total = total;
    }

    /**
     * One pass over the customers without an ID, oldest first, a page of {@code batchSize} at a
     * time, each page starting after the last key of the previous one (so each page is one range
     * scan of the order index, and the client holds one page). Returns whether it found anyone.
     */
    boolean pass(Bson missing) {
      boolean found = false;
      Document lastKey = null;
      while (true) {
        List<Document> page = s.users.find(lastKey == null ? missing
                : Filters.and(missing, after(lastKey)))
            .sort(sort())
            .projection(orderBy == null ? Projections.include("_id")
                : Projections.include("_id", orderBy))
            .limit(batchSize)
            .into(new ArrayList<>(batchSize));
        if (page.isEmpty()) {
          return found;
        }
        found = true;
        List<Object> ids = new ArrayList<>(page.size());
        for (Document d : page) {
          ids.add(d.get("_id"));
        }
        batch(ids);
        lastKey = page.get(page.size() - 1);
        if (page.size() < batchSize) {
          return true;
        }
      }
    }

    /** Draws one block for {@code ids} and writes it, in order (a cut write leaves a prefix). */
    void batch(List<Object> ids) {
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
      int attempted = n;
      int failed = 0;
      try {
        BulkWriteResult result = s.users.bulkWrite(updates, new BulkWriteOptions().ordered(true));
        matched = result.getMatchedCount();
        consecutiveDuplicateRounds = 0;
      } catch (MongoBulkWriteException e) {
        if (e.getWriteConcernError() != null) {
          throw new MigrationException("migration of " + s.namespace() + "." + s.field
              + " stopped: the write concern of a batch was not met ("
              + e.getWriteConcernError().getMessage() + ", code " + e.getWriteConcernError().getCode()
              + "), so its " + n + " IDs are not confirmed; " + assigned + " customers were"
              + " assigned and confirmed in this run and keep their IDs; running again resumes"
              + " (an unconfirmed write that did persist is kept, one that did not is redone)", e);
        }
        matched = e.getWriteResult().getMatchedCount();
        failed = e.getWriteErrors().size();
        for (BulkWriteError error : e.getWriteErrors()) {
          if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
            reportUnwritten(start, n);
            throw new MigrationException("migration of " + s.namespace() + "." + s.field
                + " stopped: the database rejected the update of _id " + ids.get(error.getIndex())
                + " (" + error.getMessage() + "); " + (assigned + matched) + " customers were"
                + " assigned in this run and keep their IDs; running again resumes", e);
          }
          attempted = Math.min(attempted, error.getIndex() + 1);
        }
        if (e.getWriteErrors().isEmpty()) {
          throw new MigrationException("migration of " + s.namespace() + "." + s.field
              + " stopped: a batch write failed without a write error (" + e.getMessage() + "); "
              + assigned + " customers were assigned in this run; running again resumes", e);
        }
        // Its customers left without an ID are numbered again, with new numbers, by a later pass.
        reportUnwritten(start, n);
        duplicateRounds++;
        if (++consecutiveDuplicateRounds > MAX_DUPLICATE_KEY_RETRIES) {
          throw new MigrationException("migration of " + s.namespace() + "." + s.field
              + " stopped: IDs drawn from counter \"" + s.sequence + "\" kept colliding with"
              + " stored IDs (" + e.getWriteErrors().get(0).getMessage() + ") although the"
              + " counter was moved past them " + MAX_DUPLICATE_KEY_RETRIES + " times; is another"
              + " writer storing IDs without drawing them from this counter?", e);
        }
        log.warn("An ID of a batch already exists in {} (the counter \"{}\" is behind the"
            + " data); moving the counter forward and retrying the customers from there",
            s.namespace(), s.sequence);
        moveCounterPastStoredIds();
      }
      long others = attempted - matched - failed;
      if (others > 0) {
        checkTakenByOthers(ids.subList(0, attempted));
      }
      assigned += matched;
      byOthers += others;
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
    }

    /**
     * After a batch write failed: reports the numbers {@code start..start + n - 1} it drew that no
     * document holds as discarded; they are never used, as every later batch draws new ones. Counted
     * in the data rather than from the write errors, which tell where an ordered write stopped only on
     * a server that stops there. If the count itself fails, nothing is reported (the numbers lost are
     * unknown) and the failure is logged.
     */
    private void reportUnwritten(long start, int n) {
      List<String> drawnIds = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        drawnIds.add(s.format.format(start + i));
      }
      long held;
      try {
        held = s.users.countDocuments(Filters.in(s.field, drawnIds));
      } catch (MongoException e) {
        log.warn("Sequence \"{}\": could not count which of the numbers {}..{} of a failed batch"
            + " are stored in {}; those that are not stay a gap", s.sequence, start,
            start + n - 1, s.namespace(), e);
        return;
      }
      if (held < n) {
        sequenceListener.onDiscarded(s.sequence, n - held, DiscardReason.FAILURE);
      }
    }

    /**
     * Some customers of a batch did not match their update: another actor numbered them in
     * between (fine), or the customer filter selects them but cannot be used in an update.
     */
    private void checkTakenByOthers(List<Object> ids) {
      Document stuck = s.users.find(Filters.and(Filters.in("_id", ids), s.customersWithoutId()))
          .projection(Projections.include("_id")).first();
      if (stuck != null) {
        throw new MigrationException("migration of " + s.namespace() + "." + s.field
            + " stopped: the customer with _id " + stuck.get("_id") + " has no ID and is"
            + " selected by the customer filter, but its update did not match it; check that the"
            + " filter " + s.customerFilter.toBsonDocument().toJson()
            + " selects plain field values");
      }
    }
  }

  /** The customers after {@code key} in the order of {@link #sort()}. */
  private Bson after(Document key) {
    Object id = key.get("_id");
    if (orderBy == null) {
      return Filters.gt("_id", id);
    }
    Object value = key.get(orderBy);
    return Filters.or(Filters.gt(orderBy, value),
        Filters.and(Filters.eq(orderBy, value), Filters.gt("_id", id)));
  }

  /** Moves the counter forward to the highest ID stored, if it is behind; returns the target. */
  private OptionalLong moveCounterPastStoredIds() {
    ReconcileReport r = CustomerIdReconciler.builder(s.scheme, s.store)
        .listener(sequenceListener).build().reconcile();
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
    private String orderBy = DEFAULT_ORDER_FIELD;
    private boolean createOrderIndex = true;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int previewLimit = DEFAULT_PREVIEW_LIMIT;
    private MigrationListener listener = MigrationListener.NONE;
    private SequenceListener sequenceListener = SequenceListener.NOOP;

    private Builder(Settings settings) {
      this.settings = settings;
    }

    /**
     * Sets the field holding the creation time (default {@value #DEFAULT_ORDER_FIELD}, which
     * Mongoose's {@code timestamps} option writes). Customers are numbered in MongoDB's order of
     * {@code {<field>: 1, _id: 1}}: those without the field first, by {@code _id} (whose {@code
     * ObjectId} begins with its creation second), then those with it, by its value and then {@code
     * _id}. {@code "_id"} orders by {@code _id} alone.
     *
     * @param field a top-level field name
     * @return this builder
     * @throws NullPointerException if {@code field} is null
     * @throws io.github.customerid.core.InvalidConfigurationException naming the field if it is not
     *     a top-level field name
     */
    public Builder orderBy(String field) {
      MongoNames.checkTopLevelField("order field", field);
      this.orderBy = field.equals("_id") ? null : field;
      return this;
    }

    /**
     * Sets whether the run creates the index that serves the order, {@code {<order field>: 1, _id:
     * 1}} (unique, as it ends with {@code _id}), unless it exists (default {@code true}). Any existing
     * index whose keys start with those two, ascending, counts as existing, whatever its options
     * (unique or not, further keys, its name): it is used as it is. Without such an index every page
     * of customers is a scan and a sort of the collection on the server. Turn this off when the
     * migration's user may not create indexes, and create it ahead as an administrator. A dry run
     * never creates it; ordering by {@code _id} alone needs none.
     *
     * @param create whether to create the index
     * @return this builder
     */
    public Builder createOrderIndex(boolean create) {
      this.createOrderIndex = create;
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
     * Sets the listener told what the migration does to the counter, the same one the service's
     * allocator reports to (for example a {@code MicrometerSequenceListener}): every heal ({@link
     * SequenceListener#onHeal}: the counter moved forward past the IDs already stored, before the
     * first batch or after a batch collided with them), and the numbers a failed batch drew but
     * will never write ({@link SequenceListener#onDiscarded} with {@link DiscardReason#FAILURE}: the
     * updates after the one the database rejected). Default {@link SequenceListener#NOOP}. What it
     * throws is logged, never passed on to the migration.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(SequenceListener listener) {
      this.sequenceListener = Objects.requireNonNull(listener, "listener");
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
