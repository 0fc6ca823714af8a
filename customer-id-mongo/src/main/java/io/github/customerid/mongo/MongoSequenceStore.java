package io.github.customerid.mongo;

import com.mongodb.MongoException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.github.customerid.core.CorruptCounterException;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.StoreException;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.listener.StoreOperation;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.core.spi.StoreArguments;
import io.github.customerid.mongo.RetryPolicy.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongUnaryOperator;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SequenceStore} on MongoDB: one document per sequence, incremented atomically by the server.
 *
 * <pre>{@code
 * MongoSequenceStore store = MongoSequenceStore.builder(client.getDatabase("shop")).build();
 * IdAllocator ids = IdAllocator.builder(store).build();
 * ids.next(); // "PL24"
 * }</pre>
 *
 * <p><b>The counter document</b>, by default exactly what the existing Node/Mongoose service writes
 * (collection {@code counters}, found by {@code name}, last issued number in {@code seq}):
 *
 * <pre>
 * {
 *   "_id":  ObjectId("..."),      // anything; the store never reads it
 *   "name": "customerId",         // the sequence name: keyField, unique index name_1
 *   "seq":  NumberLong(24)        // the last number issued: valueField
 * }
 * </pre>
 *
 * <p>With {@link Builder#idKeyed()} the sequence name is the {@code _id} instead: {@code {"_id":
 * "customerId", "seq": NumberLong(24)}}. Collection and field names are configurable.
 *
 * <p><b>Allocation</b> is one {@code findOneAndUpdate} with {@code upsert: true}, returning the
 * document after the update:
 *
 * <ol>
 *   <li>Filter {@code {name: <sequence>, seq: {$type: ["int", "long"], $gte: 0, $lte: MAX - count}}},
 *       update {@code {$inc: {seq: count}}}. The filter matches only a healthy counter that has room
 *       for {@code count} more numbers, so the server checks for overflow atomically with the add.
 *   <li>If the counter exists and matches, the server adds {@code count} and returns the new value
 *       (the end of the caller's block). This is the only case on the hot path.
 *   <li>If no counter exists, the upsert inserts {@code {name: <sequence>, seq: count}}.
 *   <li>If a counter exists but does not match (a concurrent first upsert won the race, the counter is
 *       a Node-written double, is corrupt, or is exhausted), the upsert tries to insert a second
 *       document for the name and the unique index rejects it with a duplicate-key error. The store
 *       then reads the counter and decides: a race is retried (bounded); for an integral double or
 *       decimal such as {@code 23.0} the operation is done once as a compare-and-set on exactly the
 *       value read ({@code {name, seq: 23.0}} to {@code {$set: {seq: NumberLong(24)}}}), after which
 *       the counter is a 64-bit integer and takes step 1; an exhausted counter raises {@link
 *       io.github.customerid.core.CounterExhaustedException}; a corrupt one raises {@link
 *       CorruptCounterException} naming the collection, the document and the problem. Nothing is
 *       written over a corrupt or exhausted counter.
 * </ol>
 *
 * <p>{@link #giveBack} is one conditional update ({@code {name, seq: blockEnd}} to {@code {$set: {seq:
 * NumberLong(lastUsed)}}}), so it changes the counter only while it still stands at the end of the
 * caller's block. {@link #advanceTo} is a {@code findOneAndUpdate} with {@code $max} (with the same healthy-counter filter), {@link #current} a read of
 * at most two documents (two is reported as corruption). None reads, computes and writes back; the
 * one compare-and-set above writes only if the counter still holds exactly what was read. A counter
 * that is an array is refused by the server with TypeMismatch and diagnosed the same way.
 *
 * <p><b>The unique index.</b> Steps 3 and 4 rely on a unique index on the key field, so that two
 * counter documents for one sequence can never exist. By default the store creates it (idempotently)
 * on first use; see {@link CounterIndex} to create it at start-up instead, and {@link
 * Builder#createCounterIndex(boolean)}. An {@code _id}-keyed layout needs no index.
 *
 * <p><b>Durability across failover.</b> On a replica set, a write acknowledged by the primary alone
 * ({@code w: 1}) can be rolled back when the primary changes; its number would then be handed out a
 * second time. Counter writes therefore use {@link WriteConcern#MAJORITY} with journaling by default,
 * and counter reads use {@link ReadConcern#MAJORITY} on the primary, which cannot see values that may
 * still be rolled back. {@link Builder#writeConcern(WriteConcern)} can lower this for speed; with
 * {@code w: 1} a failover can duplicate IDs. To bound how long a write waits for the majority, set
 * {@code timeoutMS} on the client.
 *
 * <p><b>Failures and gaps.</b> A lost connection, a primary stepping down or a write conflict is
 * retried up to {@link Builder#maxAttempts(int)} times in all (a give-back excepted: see {@link
 * #giveBack}), after a pause that grows from about 10 ms to 200 ms, jittered, and never after the
 * last attempt; so is a compare-and-set of a double that lost to another client. Each retry is
 * reported to {@link Builder#listener(SequenceListener)}. Retrying an allocation can never
 * duplicate: each {@code $inc} the server applies yields a new value, and a value whose reply was lost
 * is simply never returned to anyone. It becomes a gap. Every other failure, and a transient one that
 * persists, is thrown as {@link StoreException} naming the collection and the sequence, with the
 * driver's exception as the cause. No driver exception escapes this class.
 *
 * <p><b>Never inside the caller's transaction.</b> The store takes no {@code ClientSession} and every
 * operation runs on its own, outside any transaction the service has open. A counter {@code $inc}
 * inside a multi-document transaction would turn contention into WriteConflict errors and aborted
 * transactions, and an abort would roll numbers back for reuse after they may have been shown to
 * someone. A WriteConflict seen anyway (a transaction of someone else touching the counter) is retried.
 *
 * <p><b>Where each job lives.</b> This class holds the operations (one driver call each, and the
 * decision what a refusal meant) and its builder. Reading and diagnosing counter values is {@link
 * CounterValues}; the compare-and-set for counters stored as doubles is {@link NodeDoubleConversion};
 * when and how to try again is {@link RetryPolicy}; the unique index is {@link CounterIndex}; name
 * checks shared with other builders are {@link MongoNames}. The file is long only because of its
 * documentation and the builder's; the code of the operations fits on two screens.
 *
 * <p>Thread-safe and immutable once built; share one instance per database.
 */
public final class MongoSequenceStore implements SequenceStore {

  /** Default counter collection, as in the Node service. */
  public static final String DEFAULT_COLLECTION = "counters";

  /** Default field holding the sequence name, as in the Node service. */
  public static final String DEFAULT_KEY_FIELD = "name";

  /** Default field holding the last issued number, as in the Node service. */
  public static final String DEFAULT_VALUE_FIELD = "seq";

  /** Default number of attempts per operation, first try included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  private static final Logger log = LoggerFactory.getLogger(MongoSequenceStore.class);

  private static final FindOneAndUpdateOptions UPSERT_RETURN_AFTER =
      new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
  private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
  private static final BsonArray INTEGER_TYPES =
      new BsonArray(List.of(new BsonString("int"), new BsonString("long")));

  private final MongoCollection<RawBsonDocument> counters;
  private final MongoCollection<RawBsonDocument> countersForIndex;
  private final String namespace;
  private final String keyField;
  private final String valueField;
  private final CounterValues values;
  private final NodeDoubleConversion conversion;
  private final RetryPolicy retry;
  private final boolean createCounterIndex;
  private final BsonDocument incrementOne;
  private volatile AllocateOne allocateOne;
  private final Object indexLock = new Object();
  private volatile boolean indexChecked;

  private MongoSequenceStore(Builder b) {
    // Replies stay raw BSON: the store reads one field of one document, so decoding the rest would
    // be wasted work on every allocation.
    MongoCollection<RawBsonDocument> raw =
        b.database.getCollection(b.collection, RawBsonDocument.class);
    this.counters = raw.withWriteConcern(b.writeConcern)
        .withReadConcern(ReadConcern.MAJORITY)
        .withReadPreference(ReadPreference.primary());
    this.countersForIndex = raw;
    this.namespace = raw.getNamespace().getFullName();
    this.keyField = b.keyField;
    this.valueField = b.valueField;
    this.incrementOne = new BsonDocument("$inc", new BsonDocument(valueField, new BsonInt64(1)));
    this.values = new CounterValues(namespace, keyField, valueField);
    this.conversion = new NodeDoubleConversion(counters, keyField, valueField);
    this.retry = new RetryPolicy(namespace, b.maxAttempts, b.pause, b.jitter, b.listener);
    this.createCounterIndex = b.createCounterIndex && !"_id".equals(b.keyField);
    this.indexChecked = !this.createCounterIndex;
  }

  /**
   * Starts a builder over the user's database. The store never creates or closes a {@code
   * MongoClient}; the database's client is the application's.
   *
   * @param database the database holding the counter collection
   * @return a builder with the defaults of the Node service: collection {@value #DEFAULT_COLLECTION},
   *     key field {@value #DEFAULT_KEY_FIELD}, value field {@value #DEFAULT_VALUE_FIELD}
   * @throws NullPointerException if {@code database} is null
   */
  public static Builder builder(MongoDatabase database) {
    return new Builder(database);
  }

  /**
   * Creates a store with all defaults; the same as {@code builder(database).build()}.
   *
   * @param database the database holding the counter collection
   * @return the store
   * @throws NullPointerException if {@code database} is null
   */
  public static MongoSequenceStore create(MongoDatabase database) {
    return builder(database).build();
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code findOneAndUpdate} with {@code $inc} and {@code upsert}; see the class documentation
   * for the cases. A retried call may leave a gap, never a duplicate.
   */
  @Override
  public long allocate(String sequence, long count) {
    StoreArguments.checkSequence(sequence);
    StoreArguments.checkCount(count);
    Bson filter;
    Bson update;
    if (count == 1) { // strict mode: reuse the documents of the last sequence allocated from
      AllocateOne one = allocateOne;
      if (one == null || !one.sequence.equals(sequence)) {
        one = new AllocateOne(sequence, healthyCounter(sequence, Long.MAX_VALUE - 1));
        allocateOne = one;
      }
      filter = one.filter;
      update = incrementOne;
    } else {
      filter = healthyCounter(sequence, Long.MAX_VALUE - count);
      update = new BsonDocument("$inc", new BsonDocument(valueField, new BsonInt64(count)));
    }
    return write(sequence, StoreOperation.ALLOCATE, count, count, v -> v + count, filter, update);
  }

  /** The filter of a one-number allocation from {@code sequence}; never modified once built. */
  private static final class AllocateOne {
    final String sequence;
    final BsonDocument filter;

    AllocateOne(String sequence, BsonDocument filter) {
      this.sequence = sequence;
      this.filter = filter;
    }
  }

  @Override
  public OptionalLong current(String sequence) {
    StoreArguments.checkSequence(sequence);
    return retry.run(sequence, StoreOperation.READ, 0, () -> {
      List<RawBsonDocument> docs = findCounters(sequence);
      return Result.done(docs.isEmpty() ? OptionalLong.empty()
          : OptionalLong.of(values.valueOf(sequence, docs)));
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>A {@code findOneAndUpdate} with {@code $max} and {@code upsert}, filtered like an allocation so
   * that nothing is written over a corrupt counter.
   */
  @Override
  public long advanceTo(String sequence, long lastValue) {
    StoreArguments.checkSequence(sequence);
    StoreArguments.checkLastValue(lastValue);
    // Any integer, a negative one included: $max moves a counter pushed below zero (an operator's
    // stray $inc) forward to lastValue, which is what repairing it means; it never moves one back.
    Bson filter = Filters.and(Filters.eq(keyField, sequence),
        new BsonDocument(valueField, new BsonDocument("$type", INTEGER_TYPES)));
    Bson update = Updates.max(valueField, new BsonInt64(lastValue));
    return write(sequence, StoreOperation.ADVANCE_TO, lastValue, 0, v -> Math.max(v, lastValue),
        filter, update);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code updateOne} of {@code {name: <sequence>, seq: blockEnd}} to {@code {$set: {seq:
   * NumberLong(lastUsed)}}}, with the store's write concern. It is <b>tried once</b>: if its reply is
   * lost, the give-back may have been applied and others may since have taken the numbers given back
   * and brought the counter to {@code blockEnd} again, so sending it a second time could hand those
   * numbers out twice. (The driver's own retryable write, on a replica set, is safe: the server applies
   * it at most once.) A failure is thrown; the tail then stays a gap, or was given back, and is never
   * issued twice either way.
   *
   * @throws StoreException if MongoDB failed; whether the tail was given back is then unknown
   */
  @Override
  public boolean giveBack(String sequence, long blockEnd, long lastUsed) {
    StoreArguments.checkSequence(sequence);
    StoreArguments.checkGiveBack(blockEnd, lastUsed);
    Bson filter = Filters.and(Filters.eq(keyField, sequence), Filters.eq(valueField, blockEnd));
    Bson update = Updates.set(valueField, new BsonInt64(lastUsed));
    try {
      return counters.updateOne(filter, update).getModifiedCount() == 1;
    } catch (MongoException e) {
      throw new StoreException("MongoDB failed to give back " + (lastUsed + 1) + ".." + blockEnd
          + " of sequence \"" + sequence + "\" in " + namespace + " (not retried: a give-back "
          + "sent twice could hand numbers out twice; they stay a gap unless it was applied): "
          + e.getMessage(), e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>An upsert with {@code $set}; it overwrites whatever the value field holds, corrupt or not, which
   * makes it the operator's repair tool.
   */
  @Override
  public void resetAllowingDuplicates(String sequence, long lastValue) {
    StoreArguments.checkSequence(sequence);
    StoreArguments.checkLastValue(lastValue);
    ensureCounterIndex(sequence);
    Bson update = Updates.set(valueField, new BsonInt64(lastValue));
    log.warn("Resetting sequence \"{}\" in {} to {}: numbers above it may be issued again",
        sequence, namespace, lastValue);
    retry.run(sequence, StoreOperation.RESET, lastValue, () -> {
      try {
        counters.updateOne(Filters.eq(keyField, sequence), update, UPSERT);
        return Result.done(Boolean.TRUE);
      } catch (MongoException e) {
        if (MongoErrors.isDuplicateKey(e)) {
          // Created concurrently between match and insert: the next attempt matches it.
          return Result.retryNow(e);
        }
        throw e;
      }
    });
  }

  /**
   * Returns the full name of the counter collection.
   *
   * @return for example {@code shop.counters}
   */
  public String namespace() {
    return namespace;
  }

  /**
   * Returns the name of the counter collection.
   *
   * @return for example {@code counters}
   */
  public String collectionName() {
    return countersForIndex.getNamespace().getCollectionName();
  }

  /**
   * Returns the field that holds the sequence name.
   *
   * @return {@code name} by default, {@code _id} when {@linkplain Builder#idKeyed() id-keyed}
   */
  public String keyField() {
    return keyField;
  }

  /**
   * Returns the field that holds the last issued number.
   *
   * @return {@code seq} by default
   */
  public String valueField() {
    return valueField;
  }

  /**
   * Returns whether the store creates the unique index on its key field on first use ({@link
   * Builder#createCounterIndex(boolean)}); an application that creates indexes at start-up follows
   * the same choice.
   *
   * @return {@code true} by default; {@code false} when turned off or when the store is {@linkplain
   *     Builder#idKeyed() id-keyed} (the {@code _id} index is always unique)
   */
  public boolean createsCounterIndex() {
    return createCounterIndex;
  }

  /**
   * Describes the store, for logs.
   *
   * @return namespace, fields, write and read concern
   */
  @Override
  public String toString() {
    return "MongoSequenceStore[" + namespace + ", key=" + keyField + ", value=" + valueField
        + ", writeConcern=" + counters.getWriteConcern() + ", readConcern="
        + counters.getReadConcern().asDocument().toJson() + "]";
  }

  // ---------------------------------------------------------------------------------------------

  /** Matches the counter of {@code sequence} only if it is a healthy integer in {@code [0, max]}. */
  private BsonDocument healthyCounter(String sequence, long max) {
    BsonDocument condition = new BsonDocument("$type", INTEGER_TYPES)
        .append("$gte", new BsonInt64(0));
    if (max < Long.MAX_VALUE) {
      condition.append("$lte", new BsonInt64(max));
    }
    // One flat document ({name: .., seq: {..}}) rather than an $and: the same match, less to encode
    // and to evaluate. The builder keeps the two fields distinct.
    return new BsonDocument(keyField, new BsonString(sequence)).append(valueField, condition);
  }

  /**
   * Runs an upsert whose filter accepts only a healthy counter. When the server refuses (duplicate key
   * on the unique index, or a type mismatch for a counter that is an array), {@link #resolve} reads
   * the counter and decides what the refusal meant.
   *
   * @param count the increment, for the exhaustion check; 0 when the operation cannot exhaust
   * @param target the counter value the operation leaves, given the current one (for the
   *     compare-and-set of a counter stored as a double)
   */
  private long write(String sequence, StoreOperation operation, long argument, long count,
      LongUnaryOperator target, Bson filter, Bson update) {
    ensureCounterIndex(sequence);
    return retry.run(sequence, operation, argument, () -> {
      RawBsonDocument after;
      try {
        after = counters.findOneAndUpdate(filter, update, UPSERT_RETURN_AFTER);
      } catch (MongoException e) {
        if (!MongoErrors.isDuplicateKey(e) && e.getCode() != MongoErrors.TYPE_MISMATCH) {
          throw e;
        }
        return resolve(sequence, count, target, e);
      }
      return Result.done(values.valueAfterUpdate(sequence, operation, argument, after, count));
    });
  }

  /**
   * Explains why a healthy-counter upsert was refused. Throws if the counter is corrupt or exhausted;
   * asks for a new attempt at once if a concurrent first upsert won the race or the document vanished;
   * completes the operation itself for a counter stored as an integral double or decimal, or asks for
   * a new attempt after a pause if that counter changed under the compare-and-set.
   *
   * @param refusal the server's refusal, the cause reported if no attempt succeeds
   */
  private Result<Long> resolve(String sequence, long count, LongUnaryOperator target,
      MongoException refusal) {
    List<RawBsonDocument> docs = findCounters(sequence);
    if (docs.isEmpty()) {
      return Result.retryNow(refusal); // deleted in between: the retry will create it
    }
    long value = values.valueOf(sequence, docs); // throws if corrupt or duplicated
    if (count > 0 && value > Long.MAX_VALUE - count) {
      throw StoreArguments.exhausted(sequence, value, count);
    }
    BsonValue raw = docs.get(0).get(valueField);
    if (CounterValues.isStoredAsInteger(raw)) {
      log.debug("Sequence \"{}\" in {} was created concurrently; retrying", sequence, namespace);
      return Result.retryNow(refusal);
    }
    long next = target.applyAsLong(value);
    if (next == value) {
      return Result.done(value);
    }
    return conversion.compareAndSet(sequence, raw, next) ? Result.done(next)
        : Result.retryAfterPause(refusal);
  }

  private List<RawBsonDocument> findCounters(String sequence) {
    return counters.find(Filters.eq(keyField, sequence)).limit(2).into(new ArrayList<>(2));
  }

  private void ensureCounterIndex(String sequence) {
    if (indexChecked) {
      return;
    }
    synchronized (indexLock) {
      if (indexChecked) {
        return;
      }
      try {
        CounterIndex.ensureOrThrowDriverError(countersForIndex, keyField);
      } catch (MongoException e) {
        throw new StoreException("MongoDB failed to create the unique index on " + keyField
            + " of " + namespace + " needed by sequence \"" + sequence + "\": " + e.getMessage(),
            e);
      }
      indexChecked = true;
    }
  }

  /**
   * Builds a {@link MongoSequenceStore}. Not thread-safe; the store is.
   *
   * <pre>{@code
   * MongoSequenceStore store = MongoSequenceStore.builder(database)
   *     .collection("counters").keyField("name").valueField("seq") // the defaults
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final MongoDatabase database;
    private String collection = DEFAULT_COLLECTION;
    private String keyField = DEFAULT_KEY_FIELD;
    private String valueField = DEFAULT_VALUE_FIELD;
    private WriteConcern writeConcern = WriteConcern.MAJORITY.withJournal(true);
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private boolean createCounterIndex = true;
    private SequenceListener listener = SequenceListener.NOOP;
    private RetryPolicy.Pause pause = RetryPolicy.Pause.SLEEP;
    private LongUnaryOperator jitter = RetryPolicy.RANDOM_JITTER;

    private Builder(MongoDatabase database) {
      this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Sets the counter collection (default {@value MongoSequenceStore#DEFAULT_COLLECTION}).
     *
     * @param collection the collection name
     * @return this builder
     * @throws NullPointerException if {@code collection} is null
     * @throws InvalidConfigurationException if the name is empty or contains {@code $} or NUL
     */
    public Builder collection(String collection) {
      this.collection = MongoNames.checkCollection("collection", collection);
      return this;
    }

    /**
     * Sets the field that holds the sequence name (default {@value
     * MongoSequenceStore#DEFAULT_KEY_FIELD}).
     *
     * @param keyField a top-level field name
     * @return this builder
     * @throws NullPointerException if {@code keyField} is null
     * @throws InvalidConfigurationException if the name is empty, starts with {@code $} or contains
     *     {@code .}
     */
    public Builder keyField(String keyField) {
      this.keyField = MongoNames.checkTopLevelField("keyField", keyField);
      return this;
    }

    /**
     * Keys counters by {@code _id}: {@code {"_id": "customerId", "seq": 24}}. The same as {@code
     * keyField("_id")}; needs no extra index.
     *
     * @return this builder
     */
    public Builder idKeyed() {
      this.keyField = "_id";
      return this;
    }

    /**
     * Sets the field that holds the last issued number (default {@value
     * MongoSequenceStore#DEFAULT_VALUE_FIELD}).
     *
     * @param valueField a top-level field name other than {@code _id}
     * @return this builder
     * @throws NullPointerException if {@code valueField} is null
     * @throws InvalidConfigurationException if the name is empty, {@code _id}, starts with {@code $}
     *     or contains {@code .}
     */
    public Builder valueField(String valueField) {
      this.valueField = MongoNames.checkTopLevelField("valueField", valueField);
      if ("_id".equals(valueField)) {
        throw new InvalidConfigurationException("valueField must not be _id: _id is immutable");
      }
      return this;
    }

    /**
     * Sets the write concern of counter writes (default {@code majority}, journaled).
     *
     * <p><b>Risk of lowering it:</b> with {@code w: 1} (or any non-majority concern) a number the
     * primary acknowledged can be rolled back by a failover and then handed out again: a duplicate ID.
     * Lower it only for a standalone server or for sequences where a duplicate is acceptable.
     *
     * @param writeConcern the write concern; must be acknowledged
     * @return this builder
     * @throws NullPointerException if {@code writeConcern} is null
     * @throws InvalidConfigurationException if the write concern is unacknowledged ({@code w: 0}),
     *     with which the store cannot learn the value it allocated
     */
    public Builder writeConcern(WriteConcern writeConcern) {
      Objects.requireNonNull(writeConcern, "writeConcern");
      if (!writeConcern.isAcknowledged()) {
        throw new InvalidConfigurationException(
            "writeConcern must be acknowledged, was " + writeConcern);
      }
      this.writeConcern = writeConcern;
      return this;
    }

    /**
     * Sets how often an operation is tried in all when it fails transiently (lost connection, primary
     * stepping down, write conflict) or races another client creating the same counter (default
     * {@value MongoSequenceStore#DEFAULT_MAX_ATTEMPTS}).
     *
     * @param maxAttempts 1 (no retry) to 100
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
     * Sets whether the store creates the unique index on the key field on first use (default
     * {@code true}; ignored when {@linkplain #idKeyed() id-keyed}). Turn it off when the application
     * user may not create indexes, and create the index with {@link CounterIndex#ensure} as an
     * administrator: without it, two clients creating the same new counter at once can create two
     * documents, and IDs would be issued twice.
     *
     * @param create whether to create the index
     * @return this builder
     */
    public Builder createCounterIndex(boolean create) {
      this.createCounterIndex = create;
      return this;
    }

    /**
     * Sets the listener told of every retry ({@link SequenceListener#onRetry}): each new attempt after
     * a transient failure, a lost race for a new counter, or a counter stored as a double that changed
     * under its conversion (default {@link SequenceListener#NOOP}). An exception the listener throws
     * is logged, never thrown at the caller. The store reports no other event; the allocator reports
     * the rest.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(SequenceListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the store. Does not touch the database.
     *
     * @return the store
     * @throws InvalidConfigurationException if the key field and the value field are the same
     */
    public MongoSequenceStore build() {
      if (keyField.equals(valueField)) {
        throw new InvalidConfigurationException("keyField and valueField must differ, both are "
            + MongoNames.quote(keyField));
      }
      return new MongoSequenceStore(this);
    }

    /** Replaces the random source of the pauses' jitter (a value in [0, bound)), for tests. */
    Builder jitter(LongUnaryOperator jitter) {
      this.jitter = Objects.requireNonNull(jitter, "jitter");
      return this;
    }

    /** Replaces the pause between attempts, for tests that must not sleep. */
    Builder pause(RetryPolicy.Pause pause) {
      this.pause = Objects.requireNonNull(pause, "pause");
      return this;
    }
  }
}
