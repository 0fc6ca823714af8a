package io.github.customerid.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.BsonInt64;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a counter stored as a whole-number double or decimal into a 64-bit integer, with one
 * compare-and-set on exactly the value read.
 *
 * <p>Why it exists: the Node/Mongoose system this library replaces can leave {@code seq: 23.0} (a
 * double) behind. The store's hot path only matches integers ({@code $type: ["int", "long"]}), so that
 * the server checks for overflow atomically with the {@code $inc}; a double is refused there. This class
 * then applies the operation once as
 *
 * <pre>
 * filter {name: "customerId", seq: 23.0}   update {$set: {seq: NumberLong(24)}}
 * </pre>
 *
 * <p>which writes only if the counter still holds exactly what was read: no read-compute-write race can
 * lose an increment of another client. After it the counter is an integer and takes the {@code $inc}
 * path. If the counter changed in between (a Node client incremented it, or the majority read was
 * behind), nothing is written and the store tries again after a jittered pause ({@link RetryPolicy}),
 * which gives the other client and the majority commit point time to move on.
 *
 * <p>Immutable and thread-safe; one per store.
 */
final class NodeDoubleConversion {

  private static final Logger log = LoggerFactory.getLogger(NodeDoubleConversion.class);

  private final MongoCollection<RawBsonDocument> counters;
  private final String namespace;
  private final String keyField;
  private final String valueField;

  /**
   * Creates the conversion for one store.
   *
   * @param counters the counter collection with the store's write and read concerns
   */
  NodeDoubleConversion(MongoCollection<RawBsonDocument> counters, String keyField, String valueField) {
    this.counters = counters;
    this.namespace = counters.getNamespace().getFullName();
    this.keyField = keyField;
    this.valueField = valueField;
  }

  /**
   * Stores {@code next} as a 64-bit integer if the counter of {@code sequence} still holds exactly
   * {@code read}.
   *
   * @param read the stored value as read, a whole-number double or decimal
   * @param next the value the operation leaves
   * @return whether the counter held {@code read} and now holds {@code next}
   * @throws com.mongodb.MongoException if MongoDB failed (the caller classifies it)
   */
  boolean compareAndSet(String sequence, BsonValue read, long next) {
    RawBsonDocument after = counters.findOneAndUpdate(
        Filters.and(Filters.eq(keyField, sequence), Filters.eq(valueField, read)),
        Updates.set(valueField, new BsonInt64(next)));
    if (after == null) {
      return false;
    }
    log.info("Counter \"{}\" in {} was stored as {}; it now holds the 64-bit integer {}", sequence,
        namespace, CounterValues.describe(read), next);
    return true;
  }
}
