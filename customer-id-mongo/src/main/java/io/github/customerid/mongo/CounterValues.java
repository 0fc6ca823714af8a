package io.github.customerid.mongo;

import io.github.customerid.core.CorruptCounterException;
import io.github.customerid.core.StoreException;
import io.github.customerid.core.listener.StoreOperation;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Reads the value of a counter document and, when it cannot be read, says exactly why.
 *
 * <p>A healthy counter holds a 32- or 64-bit integer of at least 0. A whole-number double or decimal
 * (what the Node/Mongoose system can leave behind, for example {@code 23.0}) is read as that number.
 * Everything else (missing, null, a string, an array, a fraction, NaN, a value beyond 64 bits, a
 * negative number, two documents for one name) is corruption: the {@link CorruptCounterException}
 * names the collection, the sequence, the document and the problem, and says how to repair it.
 *
 * <p>Immutable and thread-safe; one per store.
 */
final class CounterValues {

  /** 2^63 as a double: the first double that does not fit in a long. */
  private static final double TWO_POW_63 = 0x1p63;

  private final String namespace;
  private final String keyField;
  private final String valueField;

  CounterValues(String namespace, String keyField, String valueField) {
    this.namespace = namespace;
    this.keyField = keyField;
    this.valueField = valueField;
  }

  /** Whether {@code value} is stored as a 32- or 64-bit integer (the only type the hot path takes). */
  static boolean isStoredAsInteger(BsonValue value) {
    return value != null && (value.isInt64() || value.isInt32());
  }

  /**
   * Reads the value of the one counter document of {@code sequence}.
   *
   * @param docs the documents found for the sequence: one, or two when the name is duplicated
   * @return the value, at least 0
   * @throws CorruptCounterException if there are two documents, or the value is not a whole number in
   *     {@code [0, Long.MAX_VALUE]}
   */
  long valueOf(String sequence, List<? extends BsonDocument> docs) {
    if (docs.size() > 1) {
      throw new CorruptCounterException("sequence \"" + sequence + "\" has more than one counter "
          + "document in " + namespace + " (" + docs.get(0).toJson() + " and " + docs.get(1).toJson()
          + "); which one is right cannot be known, so nothing was written. Keep the one with the "
          + "highest " + valueField + ", delete the others and create the unique index on "
          + keyField + " (CounterIndex.ensure)");
    }
    BsonDocument doc = docs.get(0);
    BsonValue v = doc.get(valueField);
    if (v == null) {
      throw corrupt(sequence, doc, "the field \"" + valueField + "\" is missing");
    }
    long value;
    switch (v.getBsonType()) {
      case INT32:
        value = v.asInt32().getValue();
        break;
      case INT64:
        value = v.asInt64().getValue();
        break;
      case DOUBLE:
        value = wholeDouble(sequence, doc, v);
        break;
      case DECIMAL128:
        value = wholeDecimal(sequence, doc, v);
        break;
      default:
        throw corrupt(sequence, doc, "the field \"" + valueField + "\" is " + describe(v)
            + ", not a number");
    }
    if (value < 0) {
      throw corrupt(sequence, doc, "the field \"" + valueField + "\" is negative (" + describe(v)
          + ")");
    }
    return value;
  }

  /**
   * Reads the value the server returned after an update whose filter accepts only a healthy counter,
   * so it must be an integer of at least {@code count}.
   *
   * @param operation the operation, for the message
   * @param argument the operation's number, for the message
   * @param after the document returned after the update, or null if the server returned none
   * @param count the increment; 0 for an operation that adds nothing
   * @return the value
   * @throws StoreException if the server returned no document
   * @throws CorruptCounterException if the value is not what the update can have produced
   */
  long valueAfterUpdate(String sequence, StoreOperation operation, long argument,
      BsonDocument after, long count) {
    if (after == null) {
      // An upsert always returns a document; be explicit rather than NPE if a server does not.
      throw new StoreException("MongoDB returned no document to "
          + RetryPolicy.describe(operation, argument) + " sequence \"" + sequence + "\" in "
          + namespace);
    }
    BsonValue value = after.get(valueField);
    long result = value != null && value.isInt64() ? value.asInt64().getValue()
        : value != null && value.isInt32() ? value.asInt32().getValue() : -1;
    if (result < count) {
      valueOf(sequence, List.of(after)); // names the problem if the counter is corrupt
      throw corrupt(sequence, after, "the server returned " + describe(value)
          + " after the update");
    }
    return result;
  }

  private long wholeDouble(String sequence, BsonDocument doc, BsonValue v) {
    double d = v.asDouble().getValue();
    if (Double.isNaN(d) || Double.isInfinite(d) || d != Math.rint(d)) {
      throw corrupt(sequence, doc, "the field \"" + valueField + "\" is " + describe(v)
          + ", not a whole number");
    }
    if (d >= TWO_POW_63) {
      throw corrupt(sequence, doc, "the field \"" + valueField + "\" is " + describe(v)
          + ", beyond the largest 64-bit integer");
    }
    return (long) d;
  }

  private long wholeDecimal(String sequence, BsonDocument doc, BsonValue v) {
    BigDecimal d;
    try {
      d = v.asDecimal128().getValue().bigDecimalValue();
    } catch (ArithmeticException nanOrInfinity) {
      throw corrupt(sequence, doc, "the field \"" + valueField + "\" is " + describe(v));
    }
    try {
      return d.longValueExact();
    } catch (ArithmeticException notALong) {
      throw corrupt(sequence, doc, "the field \"" + valueField + "\" is " + describe(v)
          + ", not a whole number that fits in 64 bits");
    }
  }

  /** The exception for a corrupt counter: names the collection, sequence, document and problem. */
  CorruptCounterException corrupt(String sequence, BsonDocument doc, String problem) {
    return new CorruptCounterException("counter of sequence \"" + sequence + "\" in " + namespace
        + " is corrupt: " + problem + "; document " + doc.toJson() + ". Nothing was written over "
        + "it; repair it by hand (set " + valueField + " to the highest number issued, as a "
        + "64-bit integer)");
  }

  /** A BSON value as JSON with its type, for example {@code 23.5 (double)}, or {@code missing}. */
  static String describe(BsonValue v) {
    if (v == null) {
      return "missing";
    }
    String json = new BsonDocument("v", v).toJson();
    return json.substring(json.indexOf(':') + 1, json.length() - 1).trim() + " ("
        + v.getBsonType().name().toLowerCase(Locale.ROOT) + ")";
  }
}
