package io.github.customerid.mongo.customers;

import static io.github.customerid.mongo.customers.CustomerServers.fresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.InvalidIdException;
import io.github.customerid.mongo.MongoSequenceStore;
import io.github.customerid.mongo.MongoTestServers;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The format's padding or check digit changes while IDs written in the old spelling stay: the same
 * number must never be handed out twice, and a typed ID finds its customer in any spelling.
 */
class FormatChangeTest {

  private static final IdFormat PADDED = IdFormat.builder().prefix("PL").minDigits(4).build();
  private static final IdFormat CHECKED = IdFormat.builder().prefix("PL").checkDigit(true).build();

  private MongoDatabase db;
  private MongoSequenceStore store;
  private MongoCollection<Document> users;
  private String seq;

  @BeforeEach
  void plainIdsOneToTwentyFourAndNoCounter() {
    db = MongoTestServers.client(MongoTestServers.embedded()).getDatabase("formats");
    store = MongoSequenceStore.create(db);
    users = db.getCollection(fresh("users"));
    seq = fresh("seq");
    users.insertMany(IntStream.rangeClosed(1, 24)
        .mapToObj(i -> new Document("role", "customer").append("name", "c" + i)
            .append("customerId", "PL" + i))
        .collect(Collectors.toList()));
  }

  private CustomerIdScheme scheme(IdFormat format) {
    CustomerIdScheme scheme = CustomerIdScheme.builder(users).format(format).sequence(seq).build();
    CustomerIdIndex.of(scheme).ensure();
    return scheme;
  }

  @Test
  void shouldNotReuseANumberStoredInTheOldSpellingWhenTheCounterIsMissing() {
    CustomerIdAssigner assigner = CustomerIdAssigner.builder(scheme(PADDED), store).build();

    Document next = new Document("role", "customer");
    assigner.insert(next);

    assertThat(next.getString("customerId")).isEqualTo("PL0025");
  }

  @Test
  void shouldNotReuseANumberStoredInTheOldSpellingWhenTheCounterWasSetBack() {
    store.advanceTo(seq, 10);
    CustomerIdAssigner assigner = CustomerIdAssigner.builder(scheme(PADDED), store).build();

    Document next = new Document("role", "customer");
    assigner.insert(next);

    assertThat(next.getString("customerId")).isEqualTo("PL0025");
  }

  @Test
  void shouldReconcilePastEverySpelling() {
    users.insertOne(new Document("role", "customer").append("customerId", "PL00030"));
    ReconcileReport r = CustomerIdReconciler.builder(scheme(PADDED), store).build().reconcile();

    assertThat(r.highestInData()).hasValue(30);
    assertThat(r.counterAfter()).isEqualTo(30);
    assertThat(r.valuesIgnored()).isZero();
  }

  @Test
  void shouldReadACheckDigitSpellingAsItsLargerNumberWhenTheFormatHasNone() {
    // PL241 is 24 with check digit 1, or 241 without: the scan takes the larger.
    users.insertOne(new Document("role", "customer").append("customerId", "PL241"));
    CustomerIdScheme scheme = scheme(IdFormat.defaultFormat());

    assertThat(scheme.numberOf("PL241")).hasValue(241);
    assertThat(CustomerIdReconciler.builder(scheme, store).build().highestStored()).hasValue(241);
  }

  @Test
  void shouldReadCanonicalCheckDigitIdsAsTheirNumberAndOldPlainOnesAsTheLargerReading() {
    CustomerIdScheme scheme = scheme(CHECKED);
    assertThat(scheme.numberOf(CHECKED.format(123456))).hasValue(123456);
    assertThat(scheme.numberOf("PL24")).as("not a valid check digit: a plain ID").hasValue(24);
    assertThat(scheme.numberOf("PL0024")).hasValue(24);
    assertThat(scheme.numberOf("PL0")).isEmpty();
    assertThat(scheme.numberOf("PL1x")).isEmpty();
    assertThat(scheme.numberOf(24)).isEmpty();
    assertThat(scheme.numberOf("pl24")).isEmpty();
  }

  @Test
  void shouldFindACustomerByATypedIdWhateverSpellingIsStored() {
    CustomerIdAssigner padded = CustomerIdAssigner.builder(scheme(PADDED), store).build();

    assertThat(padded.findByCustomerId("PL0001")).hasValueSatisfying(
        d -> assertThat(d.getString("name")).isEqualTo("c1"));
    assertThat(padded.findByCustomerId(" pl1 ")).hasValueSatisfying(
        d -> assertThat(d.getString("name")).isEqualTo("c1"));
    assertThat(padded.findByCustomerId("PL024")).hasValueSatisfying(
        d -> assertThat(d.getString("name")).isEqualTo("c24"));
    assertThat(padded.findByCustomerId("PL0025")).isEmpty();
    assertThatThrownBy(() -> padded.findByCustomerId("PL-1")).isInstanceOf(InvalidIdException.class);
    assertThatThrownBy(() -> padded.findByCustomerId("PL0000"))
        .isInstanceOf(InvalidIdException.class);
  }

  @Test
  void shouldFindOldPlainIdsButNeverAnotherCustomerThroughAMistypedCheckDigit() {
    CustomerIdAssigner checked = CustomerIdAssigner.builder(scheme(CHECKED), store).build();
    String canonical30 = CHECKED.format(30);
    users.insertOne(new Document("role", "customer").append("name", "c30")
        .append("customerId", canonical30));

    assertThat(checked.findByCustomerId(canonical30)).hasValueSatisfying(
        d -> assertThat(d.getString("name")).isEqualTo("c30"));
    assertThat(checked.findByCustomerId("PL17")).as("an old plain ID, wrong as a check digit")
        .hasValueSatisfying(d -> assertThat(d.getString("name")).isEqualTo("c17"));
    // "PL30" + a wrong check digit reads as the plain 30x, which nobody holds in plain spelling.
    String wrong = "PL30" + (char) ('0' + (canonical30.charAt(4) - '0' + 1) % 10);
    assertThatThrownBy(() -> checked.findByCustomerId(wrong))
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("check digit");
  }

  @Test
  void shouldListEverySpellingOfANumberThatReadsAsIt() {
    CustomerIdScheme scheme = scheme(PADDED);
    List<String> spellings = scheme.spellingsOf(7);
    assertThat(spellings.get(0)).isEqualTo("PL0007");
    assertThat(spellings).contains("PL7", "PL07", "PL007", "PL0000000000000000007")
        .doesNotHaveDuplicates();
    assertThat(spellings).allSatisfy(s -> assertThat(scheme.numberOf(s)).hasValue(7));
  }

  @Test
  void shouldKeepAnExistingIdInAnOldSpellingOnInsertAndSave() {
    CustomerIdAssigner padded = CustomerIdAssigner.builder(scheme(PADDED), store).build();
    Document imported = new Document("role", "customer").append("name", "imported")
        .append("customerId", "PL99");

    padded.insert(imported);

    assertThat(users.find(new Document("name", "imported")).first().getString("customerId"))
        .isEqualTo("PL99");
    CustomerIdBinding<Document> binding = CustomerIdBinding.of(d -> true,
        d -> d.getString("customerId"), (d, id) -> d.put("customerId", id));
    Document old = users.find(new Document("name", "c1")).first();
    assertThat(padded.assignIfMissing(old, binding)).isEmpty();
    assertThat(padded.save(old.append("name", "c1 renamed"), binding,
        d -> users.replaceOne(new Document("_id", d.get("_id")), d)).getString("customerId"))
        .isEqualTo("PL1");
    Document broken = new Document("role", "customer").append("customerId", "PL-1");
    assertThatThrownBy(() -> padded.insert(broken)).isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("PL-1");
  }

  @Test
  void shouldReadAnOldPlainIdThatIsAlsoAValidCheckDigitIdAsItsPlainNumber() {
    // PL1..PL13 written without check digit; under the check digit PL13 is also 1 with check 3.
    users.deleteMany(Filters.in("customerId", IntStream.rangeClosed(14, 24)
        .mapToObj(i -> "PL" + i).collect(Collectors.toList())));
    assertThat(CHECKED.format(1)).isEqualTo("PL13");
    CustomerIdScheme scheme = scheme(CHECKED);
    CustomerIdAssigner assigner = CustomerIdAssigner.builder(scheme, store).build();

    assertThat(scheme.plainOnlyNumberOf("PL12")).hasValue(12);
    assertThat(scheme.plainOnlyNumberOf("PL13")).as("also 1 with check digit 3").isEmpty();
    assertThat(scheme.numberOf("PL13", 12)).as("within the plain numbers").hasValue(13);
    assertThat(scheme.numberOf("PL13", 0)).as("no plain number stored").hasValue(1);
    assertThat(CustomerIdReconciler.builder(scheme, store).build().highestStored()).hasValue(13);
    Document next = new Document("role", "customer");
    assigner.insert(next);

    assertThat(next.getString("customerId")).isEqualTo(CHECKED.format(14));
  }

  @Test
  void shouldNotMultiplyTheCounterByTenWhenReconcilingCheckDigitIds() {
    // Each canonical check-digit ID is also a plain number ten times larger (PL13: 1 or 13). The
    // plain readings of IDs written after the switch must not count, or every reconcile (one at
    // each start-up) would multiply the counter by ten.
    users.insertMany(IntStream.rangeClosed(25, 40)
        .mapToObj(i -> new Document("role", "customer").append("customerId", CHECKED.format(i)))
        .collect(Collectors.toList()));
    store.advanceTo(seq, 40);
    CustomerIdScheme scheme = scheme(CHECKED);
    CustomerIdAssigner assigner = CustomerIdAssigner.builder(scheme, store).build();

    for (int round = 0; round < 3; round++) {
      ReconcileReport r = assigner.reconcile();
      assertThat(r.changed()).as("round %d: %s", round, r).isFalse();
      assigner.insert(new Document("role", "customer"));
    }

    assertThat(store.current(seq)).hasValue(43);
    assertThat(CustomerIdReconciler.builder(scheme, store).build().highestStored()).hasValue(43);
  }
}
