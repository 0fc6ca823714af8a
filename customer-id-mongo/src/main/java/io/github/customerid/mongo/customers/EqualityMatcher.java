package io.github.customerid.mongo.customers;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * A filter of plain top-level field equalities ({@code {role: "customer"}}, {@code {kind: "client",
 * active: true}}, or {@code Filters.eq} / {@code Filters.and} of such) evaluated on a document as
 * MongoDB would: an array field matches when one element equals the value, and numbers compare by
 * value across int, long, double and decimal.
 */
final class EqualityMatcher implements Predicate<Document> {

  private final BsonDocument filter;

  private EqualityMatcher(BsonDocument filter) {
    this.filter = filter;
  }

  /** The matcher of {@code filter}, or empty if it is anything but plain equalities of scalars. */
  static Optional<Predicate<Document>> of(BsonDocument filter) {
    BsonDocument flat = new BsonDocument();
    if (!flatten(filter, flat)) {
      return Optional.empty();
    }
    return Optional.of(new EqualityMatcher(flat));
  }

  private static boolean flatten(BsonDocument filter, BsonDocument into) {
    for (Map.Entry<String, BsonValue> e : filter.entrySet()) {
      String key = e.getKey();
      BsonValue value = e.getValue();
      if (key.equals("$and") && value.isArray()) {
        for (BsonValue part : value.asArray()) {
          if (!part.isDocument() || !flatten(part.asDocument(), into)) {
            return false;
          }
        }
      } else if (key.startsWith("$") || key.indexOf('.') >= 0 || !isScalar(value)
          || (into.containsKey(key) && !into.get(key).equals(value))) {
        return false;
      } else {
        into.put(key, value);
      }
    }
    return true;
  }

  private static boolean isScalar(BsonValue v) {
    return v.isString() || v.isBoolean() || v.isNumber() || v.isDecimal128() || v.isObjectId();
  }

  @Override
  public boolean test(Document document) {
    for (Map.Entry<String, BsonValue> e : filter.entrySet()) {
      if (!matches(document.get(e.getKey()), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(Object actual, BsonValue expected) {
    if (actual instanceof Collection) {
      for (Object element : (Collection<?>) actual) {
        if (equal(element, expected)) {
          return true;
        }
      }
      return false;
    }
    return equal(actual, expected);
  }

  private static boolean equal(Object actual, BsonValue expected) {
    if (expected.isString()) {
      return expected.asString().getValue().equals(actual);
    }
    if (expected.isBoolean()) {
      return Boolean.valueOf(expected.asBoolean().getValue()).equals(actual);
    }
    if (expected.isObjectId()) {
      return expected.asObjectId().getValue().equals(actual);
    }
    BigDecimal want = decimal(expected.isDecimal128() ? expected.asDecimal128().getValue()
        : expected.asNumber().decimal128Value());
    if (actual instanceof Integer || actual instanceof Long) {
      return want != null && want.compareTo(BigDecimal.valueOf(((Number) actual).longValue())) == 0;
    }
    if (actual instanceof Double || actual instanceof Float) {
      double d = ((Number) actual).doubleValue();
      return want != null && Double.isFinite(d) && want.compareTo(BigDecimal.valueOf(d)) == 0;
    }
    if (actual instanceof Decimal128) {
      BigDecimal have = decimal((Decimal128) actual);
      return want != null && have != null && want.compareTo(have) == 0;
    }
    return false;
  }

  private static BigDecimal decimal(Decimal128 d) {
    return d.isNaN() || d.isInfinite() ? null : d.bigDecimalValue();
  }
}
