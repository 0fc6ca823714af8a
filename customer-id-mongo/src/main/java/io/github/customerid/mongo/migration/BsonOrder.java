package io.github.customerid.mongo.migration;

import java.util.Comparator;
import java.util.Date;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Orders decoded BSON values the way MongoDB sorts them, for the types a creation key holds: null
 * (and missing), numbers, strings, ObjectIds, booleans, dates. Other types sort after these, by their
 * text, which is stable but not MongoDB's order.
 */
final class BsonOrder implements Comparator<Object> {

  static final BsonOrder INSTANCE = new BsonOrder();

  private BsonOrder() {}

  @Override
  public int compare(Object a, Object b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    switch (ra) {
      case 0:
        return 0;
      case 1:
        return compareNumbers((Number) a, (Number) b);
      case 2:
        return ((String) a).compareTo((String) b);
      case 3:
        return ((ObjectId) a).compareTo((ObjectId) b);
      case 4:
        return Boolean.compare((Boolean) a, (Boolean) b);
      case 5:
        return ((Date) a).compareTo((Date) b);
      default:
        return String.valueOf(a).compareTo(String.valueOf(b));
    }
  }

  private static int compareNumbers(Number a, Number b) {
    if ((a instanceof Long || a instanceof Integer) && (b instanceof Long || b instanceof Integer)) {
      return Long.compare(a.longValue(), b.longValue());
    }
    return Double.compare(toDouble(a), toDouble(b));
  }

  private static double toDouble(Number n) {
    return n instanceof Decimal128 ? ((Decimal128) n).bigDecimalValue().doubleValue()
        : n.doubleValue();
  }

  private static int rank(Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof Number) {
      return 1;
    }
    if (v instanceof String) {
      return 2;
    }
    if (v instanceof ObjectId) {
      return 3;
    }
    if (v instanceof Boolean) {
      return 4;
    }
    if (v instanceof Date) {
      return 5;
    }
    return 6;
  }
}
