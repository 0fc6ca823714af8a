package io.github.customerid.mongo;

import static io.github.customerid.core.listener.StoreOperation.ADVANCE_TO;
import static io.github.customerid.core.listener.StoreOperation.ALLOCATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customerid.core.CorruptCounterException;
import io.github.customerid.core.StoreException;
import java.util.List;
import java.util.stream.Stream;
import org.bson.BsonArray;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Decoding and diagnosing counter documents, without a server. */
class CounterValuesTest {

  private final CounterValues values = new CounterValues("shop.counters", "name", "seq");

  private static BsonDocument counter(BsonValue seq) {
    return new BsonDocument("name", new BsonString("customerId")).append("seq", seq);
  }

  private long read(BsonValue seq) {
    return values.valueOf("customerId", List.of(counter(seq)));
  }

  static Stream<Arguments> healthy() {
    return Stream.of(
        Arguments.of(new BsonInt32(0), 0L),
        Arguments.of(new BsonInt32(24), 24L),
        Arguments.of(new BsonInt32(Integer.MAX_VALUE), (long) Integer.MAX_VALUE),
        Arguments.of(new BsonInt64(Long.MAX_VALUE), Long.MAX_VALUE),
        Arguments.of(new BsonInt64(0), 0L),
        Arguments.of(new BsonDouble(23.0), 23L),
        Arguments.of(new BsonDouble(0.0), 0L),
        Arguments.of(new BsonDouble(-0.0), 0L),
        // The largest double below 2^63.
        Arguments.of(new BsonDouble(Math.nextDown(0x1p63)), (long) Math.nextDown(0x1p63)),
        Arguments.of(new BsonDecimal128(Decimal128.parse("23")), 23L),
        Arguments.of(new BsonDecimal128(Decimal128.parse("23.000")), 23L),
        Arguments.of(new BsonDecimal128(Decimal128.parse("9223372036854775807")), Long.MAX_VALUE));
  }

  @ParameterizedTest
  @MethodSource("healthy")
  void shouldReadEveryWholeNumberTheNodeSystemCanLeave(BsonValue seq, long expected) {
    assertThat(read(seq)).isEqualTo(expected);
  }

  static Stream<Arguments> corrupt() {
    return Stream.of(
        Arguments.of(new BsonString("24"), "\"24\" (string), not a number"),
        Arguments.of(new BsonArray(List.of(new BsonInt32(1))), "(array), not a number"),
        Arguments.of(BsonNull.VALUE, "null (null), not a number"),
        Arguments.of(new BsonDouble(23.5), "23.5 (double), not a whole number"),
        Arguments.of(new BsonDouble(Double.NaN), "not a whole number"),
        Arguments.of(new BsonDouble(Double.POSITIVE_INFINITY), "not a whole number"),
        Arguments.of(new BsonDouble(Double.NEGATIVE_INFINITY), "not a whole number"),
        Arguments.of(new BsonDouble(0x1p63), "beyond the largest 64-bit integer"),
        Arguments.of(new BsonDouble(1e300), "beyond the largest 64-bit integer"),
        Arguments.of(new BsonDouble(-1.0), "is negative (-1.0 (double))"),
        Arguments.of(new BsonInt32(-1), "is negative (-1 (int32))"),
        Arguments.of(new BsonInt64(Long.MIN_VALUE), "is negative"),
        Arguments.of(new BsonDecimal128(Decimal128.parse("23.5")), "not a whole number that fits"),
        Arguments.of(new BsonDecimal128(Decimal128.parse("9223372036854775808")),
            "not a whole number that fits in 64 bits"),
        Arguments.of(new BsonDecimal128(Decimal128.NaN), "(decimal128)"),
        Arguments.of(new BsonDecimal128(Decimal128.POSITIVE_INFINITY), "(decimal128)"),
        Arguments.of(new BsonDecimal128(Decimal128.parse("-3")), "is negative"));
  }

  @ParameterizedTest
  @MethodSource("corrupt")
  void shouldNameWhatIsWrongWithACorruptCounter(BsonValue seq, String problem) {
    assertThatThrownBy(() -> read(seq))
        .isInstanceOf(CorruptCounterException.class)
        .hasMessageContaining("counter of sequence \"customerId\" in shop.counters is corrupt")
        .hasMessageContaining(problem)
        .hasMessageContaining("document {")
        .hasMessageContaining("set seq to the highest number issued");
  }

  @Test
  void shouldReportAMissingField() {
    BsonDocument noSeq = new BsonDocument("name", new BsonString("customerId"));
    assertThatThrownBy(() -> values.valueOf("customerId", List.of(noSeq)))
        .isInstanceOf(CorruptCounterException.class)
        .hasMessageContaining("the field \"seq\" is missing");
  }

  @Test
  void shouldRefuseToChooseBetweenTwoCounterDocuments() {
    BsonDocument a = counter(new BsonInt64(5));
    BsonDocument b = counter(new BsonInt64(9));
    assertThatThrownBy(() -> values.valueOf("customerId", List.of(a, b)))
        .isInstanceOf(CorruptCounterException.class)
        .hasMessageContaining("more than one counter document in shop.counters")
        .hasMessageContaining(a.toJson())
        .hasMessageContaining(b.toJson())
        .hasMessageContaining("highest seq")
        .hasMessageContaining("unique index on name");
  }

  @Test
  void shouldTakeOnlyIntegersOnTheHotPath() {
    assertThat(CounterValues.isStoredAsInteger(new BsonInt32(1))).isTrue();
    assertThat(CounterValues.isStoredAsInteger(new BsonInt64(1))).isTrue();
    assertThat(CounterValues.isStoredAsInteger(new BsonDouble(1))).isFalse();
    assertThat(CounterValues.isStoredAsInteger(new BsonString("1"))).isFalse();
    assertThat(CounterValues.isStoredAsInteger(null)).isFalse();
  }

  @Test
  void shouldReadTheValueAfterAnUpdate() {
    assertThat(values.valueAfterUpdate("customerId", ALLOCATE, 1,
        counter(new BsonInt64(7)), 7))
        .isEqualTo(7);
    assertThat(values.valueAfterUpdate("customerId", ALLOCATE, 1,
        counter(new BsonInt32(9)), 3))
        .isEqualTo(9);
    assertThat(values.valueAfterUpdate("customerId", ADVANCE_TO, 0,
        counter(new BsonInt64(0)), 0))
        .isZero();
  }

  @Test
  void shouldNotBelieveAValueBelowTheIncrement() {
    // A healthy-looking value the update cannot have produced: the server or the filter is wrong.
    assertThatThrownBy(() ->
        values.valueAfterUpdate("customerId", ALLOCATE, 1,
        counter(new BsonInt64(2)), 3))
        .isInstanceOf(CorruptCounterException.class)
        .hasMessageContaining("the server returned 2 (int64) after the update");
  }

  @Test
  void shouldDiagnoseACorruptValueReturnedByAnUpdate() {
    assertThatThrownBy(() ->
        values.valueAfterUpdate("customerId", ALLOCATE, 1,
        counter(new BsonString("x")), 1))
        .isInstanceOf(CorruptCounterException.class)
        .hasMessageContaining("\"x\" (string), not a number");
    BsonDocument noSeq = new BsonDocument("name", new BsonString("customerId"));
    assertThatThrownBy(() -> values.valueAfterUpdate("customerId", ALLOCATE, 1,
        noSeq, 1))
        .isInstanceOf(CorruptCounterException.class)
        .hasMessageContaining("is missing");
    assertThatThrownBy(() ->
        values.valueAfterUpdate("customerId", ALLOCATE, 1,
        counter(new BsonDouble(4.0)), 1))
        .isInstanceOf(CorruptCounterException.class)
        .hasMessageContaining("the server returned 4.0 (double) after the update");
  }

  @Test
  void shouldFailClearlyWhenTheServerReturnsNoDocument() {
    assertThatThrownBy(() -> values.valueAfterUpdate("customerId", ALLOCATE, 1,
        null, 1))
        .isInstanceOf(StoreException.class)
        .isNotInstanceOf(CorruptCounterException.class)
        .hasMessage("MongoDB returned no document to allocate 1 from sequence \"customerId\" in "
            + "shop.counters");
  }

  @Test
  void shouldDescribeValuesWithTheirType() {
    assertThat(CounterValues.describe(null)).isEqualTo("missing");
    assertThat(CounterValues.describe(new BsonInt32(5))).isEqualTo("5 (int32)");
    assertThat(CounterValues.describe(new BsonString("a"))).isEqualTo("\"a\" (string)");
    assertThat(CounterValues.describe(new BsonDouble(2.5))).isEqualTo("2.5 (double)");
  }
}
