package io.github.customerid.mongo.customers;

import static io.github.customerid.mongo.customers.CustomerServers.fresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.InvalidIdException;
import io.github.customerid.mongo.MongoSequenceStore;
import io.github.customerid.mongo.MongoTestServers;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a person pastes into a search box: the look-up forgives exactly the spaces {@link
 * IdFormat#normalize} forgives, and rejects hostile input after reading a bounded part of it.
 */
class TypedLookupTest {

  private CustomerIdAssigner assigner;
  private CustomerIdScheme scheme;

  @BeforeEach
  void johnHoldsPl24() {
    MongoDatabase db = MongoTestServers.client(MongoTestServers.embedded()).getDatabase("typed");
    MongoCollection<Document> users = db.getCollection(fresh("users"));
    scheme = CustomerIdScheme.builder(users).sequence(fresh("seq")).build();
    CustomerIdIndex.of(scheme).ensure();
    assigner = CustomerIdAssigner.builder(scheme, MongoSequenceStore.create(db)).build();
    users.insertOne(new Document("role", "customer").append("name", "John")
        .append("customerId", "PL24"));
  }

  static Stream<String> pasted() {
    return Stream.of("PL24\u00A0", "\uFEFFPL24", "PL24\u202F", "\u2007pl24", " PL24\t");
  }

  @ParameterizedTest
  @MethodSource("pasted")
  void shouldForgiveTheSpacesThatNormalizeForgives(String typed) {
    assertThat(IdFormat.defaultFormat().normalize(typed)).isEqualTo("PL24");

    assertThat(assigner.findByCustomerId(typed)).hasValueSatisfying(
        d -> assertThat(d.getString("name")).isEqualTo("John"));
  }

  @Test
  void shouldRejectAHugeInputWithTheLengthBeforeReadingIt() {
    String huge = "PL" + "0".repeat(10 * 1024 * 1024);

    InvalidIdException e =
        catchThrowableOfType(InvalidIdException.class, () -> assigner.findByCustomerId(huge));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains(String.valueOf(huge.length()))
        .contains(String.valueOf(IdFormat.MAX_NORMALIZE_LENGTH));
    assertThat(e.getMessage().length()).isLessThan(400);
    assertThat(e.input().length()).isLessThanOrEqualTo(256);
  }

  @Test
  void shouldReadABoundedPrefixOfAHugeInput() {
    for (char fill : new char[] {'0', ' ', '\u00A0', '7'}) {
      CountingCharSequence typed = new CountingCharSequence("PL" + String.valueOf(fill)
          .repeat(10 * 1024 * 1024));

      assertThat(catchThrowableOfType(InvalidIdException.class,
          () -> scheme.spellingsMeantBy(typed))).as("fill %s", (int) fill).isNotNull();
      assertThat(typed.reads()).as("characters read, fill U+%04X", (int) fill)
          .isLessThan(1_000);
    }
  }

  /** A character sequence that counts the characters read from it. */
  private static final class CountingCharSequence implements CharSequence {
    private final String s;
    private long reads;

    CountingCharSequence(String s) {
      this.s = s;
    }

    long reads() {
      return reads;
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public char charAt(int index) {
      reads++;
      return s.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      reads += end - start;
      return s.subSequence(start, end);
    }

    @Override
    public String toString() {
      reads += s.length();
      return s;
    }
  }
}
