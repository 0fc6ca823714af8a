package io.github.customerid.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One reading of index definitions for every caller: the flags as the server reads them. */
class SingleFieldIndexTest {

  static Stream<Arguments> flags() {
    return Stream.of(
        Arguments.of(true, true), Arguments.of(1, true), Arguments.of(1L, true),
        Arguments.of(1.0, true), Arguments.of(0.5, true), Arguments.of(-1, true),
        Arguments.of(new Decimal128(1), true),
        Arguments.of(false, false), Arguments.of(0, false), Arguments.of(0.0, false),
        Arguments.of(0L, false), Arguments.of("true", false), Arguments.of(null, false));
  }

  @ParameterizedTest(name = "unique: {0} -> {1}")
  @MethodSource("flags")
  void shouldReadUniqueAndSparseAsTheServerDoes(Object flag, boolean expected) {
    Document definition = new Document("v", 2).append("key", new Document("customerId", 1))
        .append("name", "customerId_1").append("unique", flag).append("sparse", flag);
    SingleFieldIndex index = SingleFieldIndex.of(definition, "customerId").orElseThrow();
    assertThat(index.unique()).isEqualTo(expected);
    assertThat(index.sparse()).isEqualTo(expected);
    assertThat(SingleFieldIndex.isTrue(flag)).isEqualTo(expected);
  }

  @Test
  void shouldTakeOnlyIndexesWhoseWholeKeyIsTheField() {
    assertThat(SingleFieldIndex.of(new Document("key", new Document("name", 1).append("x", 1))
        .append("name", "name_1_x_1"), "name")).isEmpty();
    assertThat(SingleFieldIndex.of(new Document("key", new Document("other", 1))
        .append("name", "other_1"), "name")).isEmpty();
    assertThat(SingleFieldIndex.of(new Document("name", "broken"), "name")).isEmpty();
  }

  @Test
  void shouldTellOrdinaryKeysFromHashedOnes() {
    assertThat(index(1).ascendingOrDescending()).isTrue();
    assertThat(index(-1.0).ascendingOrDescending()).isTrue();
    assertThat(index(1L).ascendingOrDescending()).isTrue();
    assertThat(index("hashed").ascendingOrDescending()).isFalse();
    assertThat(index(2).ascendingOrDescending()).isFalse();
  }

  @Test
  void shouldSeeAPartialFilter() {
    Document definition = new Document("key", new Document("customerId", 1))
        .append("name", "p").append("unique", true)
        .append("partialFilterExpression", new Document("customerId", new Document("$exists", true)));
    SingleFieldIndex index = SingleFieldIndex.of(definition, "customerId").orElseThrow();
    assertThat(index.partial()).isTrue();
    assertThat(index.name()).isEqualTo("p");
    assertThat(index.toJson()).contains("partialFilterExpression");
  }

  @Test
  void shouldFindAnIndexByTheAscendingStartOfItsKey() {
    java.util.List<String> order = java.util.List.of("createdAt", "_id");
    assertThat(SingleFieldIndex.startsWith(key(new Document("createdAt", 1).append("_id", 1)), order))
        .isTrue();
    assertThat(SingleFieldIndex.startsWith(key(new Document("createdAt", 1.0).append("_id", 1L)
        .append("role", -1)), order)).as("further keys, other numeric types").isTrue();
    assertThat(SingleFieldIndex.startsWith(key(new Document("createdAt", 1)), order))
        .as("too short").isFalse();
    assertThat(SingleFieldIndex.startsWith(key(new Document("_id", 1).append("createdAt", 1)),
        order)).as("other order").isFalse();
    assertThat(SingleFieldIndex.startsWith(key(new Document("createdAt", -1).append("_id", 1)),
        order)).as("descending").isFalse();
    assertThat(SingleFieldIndex.startsWith(key(new Document("createdAt", "hashed")
        .append("_id", 1)), order)).as("hashed").isFalse();
    assertThat(SingleFieldIndex.startsWith(new Document("name", "broken"), order)).isFalse();
  }

  private static Document key(Document key) {
    return new Document("key", key).append("name", "i");
  }

  private static SingleFieldIndex index(Object direction) {
    return SingleFieldIndex.of(new Document("key", new Document("name", direction))
        .append("name", "name_x"), "name").orElseThrow();
  }
}
