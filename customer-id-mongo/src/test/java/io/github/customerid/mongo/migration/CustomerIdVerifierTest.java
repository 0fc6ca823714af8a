package io.github.customerid.mongo.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Indexes;
import io.github.customerid.core.IdFormat;
import io.github.customerid.mongo.customers.CustomerIdScheme;
import io.github.customerid.mongo.migration.VerificationReport.Finding;
import io.github.customerid.mongo.migration.VerificationReport.Severity;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerIdVerifierTest {

  private MigrationFixture f;

  @BeforeEach
  void freshDatabase() {
    f = new MigrationFixture();
  }

  @Test
  void shouldFindNothingWrongAfterAMigration() {
    f.createUniqueIndex();
    f.allocator().initialize(23);
    f.insertLegacyCustomers(40, 1_500_000_000L, 1);
    f.insertNonCustomers(5);
    CustomerIdMigration.builder(f.scheme(), f.store).build().run();

    VerificationReport r = CustomerIdVerifier.builder(f.scheme(), f.store).build().verify();

    assertThat(r.findings()).isEmpty();
    assertThat(r.hasErrors()).isFalse();
    assertThat(r.customersWithId()).isEqualTo(40);
    assertThat(r.customersWithoutId()).isZero();
    assertThat(r.nonCustomersWithId()).isZero();
    assertThat(r.highestId()).contains("PL63");
    assertThat(r.counter()).hasValue(63);
    assertThat(r.nextId()).contains("PL64");
    assertThat(r.uniqueIndex()).contains("customerId_unique");
    assertThat(r.toString()).contains("OK: no problems found");
  }

  @Test
  void shouldReportEveryKindOfProblemReadablyAndAsJson() {
    // No unique index, so that the broken data can exist at all.
    Document dupA = new Document("role", "customer").append("customerId", "PL7");
    Document dupB = new Document("role", "customer").append("customerId", "PL7");
    Document padded = new Document("role", "customer").append("customerId", "PL007");
    f.users.insertMany(List.of(dupA, dupB,
        new Document("role", "customer").append("customerId", "PL30"), padded,
        new Document("role", "customer").append("customerId", 12),
        new Document("role", "admin").append("customerId", "PL8"),
        new Document("role", "customer").append("name", "not migrated")));
    f.allocator().initialize(10);

    VerificationReport r = CustomerIdVerifier.builder(f.scheme(), f.store).sampleLimit(5).build()
        .verify();

    assertThat(r.hasErrors()).isTrue();
    assertThat(r.findings()).extracting(Finding::code).containsExactly(
        "DUPLICATE_IDS", "COUNTER_BEHIND", "MALFORMED_IDS", "UNIQUE_INDEX_MISSING",
        "NON_CUSTOMERS_WITH_ID", "NON_CANONICAL_IDS", "CUSTOMERS_WITHOUT_ID");
    assertThat(r.findings()).filteredOn(x -> x.severity() == Severity.WARNING).hasSize(3);
    assertThat(r.duplicatedIdCount()).isEqualTo(1);
    assertThat(r.duplicates()).singleElement().satisfies(d -> {
      assertThat(d.id()).isEqualTo("PL7");
      assertThat(d.documents()).isEqualTo(3); // PL7 twice, and PL007: another spelling of 7
      assertThat(d.documentIds()).containsExactlyInAnyOrder(dupA.get("_id"), dupB.get("_id"),
          padded.get("_id"));
    });
    assertThat(r.malformedCount()).isEqualTo(1);
    assertThat(r.nonCanonicalCount()).isEqualTo(1);
    assertThat(r.highestId()).contains("PL30");
    assertThat(r.counter()).hasValue(10);
    assertThat(r.customersWithId()).isEqualTo(5);
    assertThat(r.customersWithoutId()).isEqualTo(1);
    assertThat(r.nonCustomersWithId()).isEqualTo(1);
    assertThat(r.toString()).contains("ERROR COUNTER_BEHIND", "PL30", "duplicate PL7 on 3");

    Document json = Document.parse(r.toJson());
    assertThat(json.getBoolean("ok")).isFalse();
    assertThat(json.getList("findings", Document.class)).extracting(d -> d.getString("code"))
        .contains("DUPLICATE_IDS", "COUNTER_BEHIND");
    assertThat(json.getList("duplicates", Document.class).get(0).getList("_ids", Object.class))
        .hasSize(3);
    assertThat(json.get("counter", Number.class).longValue()).isEqualTo(10);
  }

  @Test
  void shouldTellCliAndJavaUsersHowToCreateTheMissingUniqueIndex() {
    f.users.insertOne(new Document("role", "customer").append("customerId", "PL1"));
    f.allocator().initialize(1);

    VerificationReport none = CustomerIdVerifier.builder(f.scheme(), f.store).build().verify();

    assertThat(none.findings()).extracting(Finding::code).containsExactly("UNIQUE_INDEX_MISSING");
    assertThat(none.findings().get(0).message()).contains("no unique index on", "customerId",
        "customer-id index", "CustomerIdIndex.of(scheme).ensure()");

    f.users.createIndex(Indexes.ascending("customerId"));
    VerificationReport plain = CustomerIdVerifier.builder(f.scheme(), f.store).build().verify();

    assertThat(plain.findings()).extracting(Finding::code).containsExactly("UNIQUE_INDEX_MISSING");
    assertThat(plain.findings().get(0).message()).contains("\"customerId_1\"", "is not unique",
        "drop it", "customer-id index", "CustomerIdIndex.of(scheme).ensure()");
  }

  @Test
  void shouldReportTwoSpellingsOfOneNumberAsADuplicate() {
    f.createUniqueIndex();
    Document plain = new Document("role", "customer").append("customerId", "PL1");
    Document padded = new Document("role", "customer").append("customerId", "PL0001");
    Document other = new Document("role", "customer").append("customerId", "PL2");
    f.users.insertMany(List.of(plain, padded, other));
    f.allocator().initialize(2);
    CustomerIdScheme scheme = CustomerIdScheme.builder(f.users)
        .format(IdFormat.builder().prefix("PL").minDigits(4).build()).build();

    VerificationReport r = CustomerIdVerifier.builder(scheme, f.store).build().verify();

    assertThat(r.findings()).extracting(Finding::code)
        .containsExactly("DUPLICATE_IDS", "NON_CANONICAL_IDS");
    assertThat(r.duplicates()).singleElement().satisfies(d -> {
      assertThat(d.id()).isEqualTo("PL0001");
      assertThat(d.documents()).isEqualTo(2);
      assertThat(d.documentIds()).containsExactlyInAnyOrder(plain.get("_id"), padded.get("_id"));
    });
    assertThat(r.malformedCount()).isZero();
    assertThat(r.highestId()).contains("PL0002");
  }

  @Test
  void shouldNotReportAnOldPlainIdThatIsAlsoACheckDigitIdAsADuplicate() {
    // PL1..PL13 written without check digit; under the check digit PL13 is also 1 with check 3.
    f.createUniqueIndex();
    for (int i = 1; i <= 13; i++) {
      f.users.insertOne(new Document("role", "customer").append("customerId", "PL" + i));
    }
    f.allocator().initialize(13);
    IdFormat checked = IdFormat.builder().prefix("PL").checkDigit(true).build();
    assertThat(checked.format(1)).isEqualTo("PL13");
    CustomerIdScheme scheme = CustomerIdScheme.builder(f.users).format(checked).build();

    VerificationReport r = CustomerIdVerifier.builder(scheme, f.store).build().verify();

    assertThat(r.duplicatedIdCount()).isZero();
    assertThat(r.findings()).extracting(Finding::code).containsExactly("NON_CANONICAL_IDS");
    assertThat(r.highestNumber()).hasValue(13);
  }

  @Test
  void shouldFlagAMissingCounterWhileIdsExist() {
    f.createUniqueIndex();
    f.users.insertOne(new Document("role", "customer").append("customerId", "PL3"));

    VerificationReport r = CustomerIdVerifier.builder(f.scheme(), f.store).build().verify();

    assertThat(r.findings()).extracting(Finding::code).containsExactly("COUNTER_BEHIND");
    assertThat(r.findings().get(0).message()).contains("does not exist", "PL3");
    assertThat(r.counter()).isEmpty();
    assertThat(r.nextId()).contains("PL1");
  }

  @Test
  void shouldWriteTheReportAsRelaxedJsonWithNullForAnAbsentCounter() {
    f.createUniqueIndex();
    f.users.insertOne(new Document("role", "customer").append("customerId", "PL3"));

    VerificationReport r = CustomerIdVerifier.builder(f.scheme(), f.store).build().verify();

    // Relaxed extended JSON: longs as plain numbers, absent values null.
    assertThat(r.toJson()).contains("\"counter\": null", "\"customersWithId\": 1,",
        "\"highestId\": \"PL3\"");
    f.allocator().initialize(3);
    assertThat(CustomerIdVerifier.builder(f.scheme(), f.store).build().verify().toJson())
        .contains("\"counter\": 3,");
  }

  @Test
  void shouldReportACorruptCounterAsAFindingNotAnException() {
    f.createUniqueIndex();
    f.counters.insertOne(new Document("name", "customerId").append("seq", "twenty"));

    VerificationReport r = CustomerIdVerifier.builder(f.scheme(), f.store).build().verify();

    assertThat(r.findings()).extracting(Finding::code).containsExactly("COUNTER_CORRUPT");
    assertThat(r.nextId()).isEmpty();
  }
}
