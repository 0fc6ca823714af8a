package io.github.customerid.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.github.customerid.core.InvalidConfigurationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Builder defaults and validation; needs no server (building a store does not touch the database). */
class MongoSequenceStoreConfigurationTest {

  private static MongoClient unused;
  private static MongoDatabase db;

  @BeforeAll
  static void client() {
    unused = MongoClients.create("mongodb://127.0.0.1:1"); // never contacted
    db = unused.getDatabase("shop");
  }

  @AfterAll
  static void close() {
    unused.close();
  }

  @Test
  void shouldDefaultToTheNodeLayoutAndDurableConcerns() {
    MongoSequenceStore store = MongoSequenceStore.create(db);
    assertThat(store.namespace()).isEqualTo("shop.counters");
    assertThat(store.keyField()).isEqualTo("name");
    assertThat(store.valueField()).isEqualTo("seq");
    assertThat(store.toString())
        .contains("w=majority")
        .contains("journal=true")
        .contains("\"level\": \"majority\"");
  }

  @Test
  void shouldOfferIdKeyedCountersAndOtherNames() {
    MongoSequenceStore store = MongoSequenceStore.builder(db).collection("sequences").idKeyed()
        .valueField("last").writeConcern(WriteConcern.W1).build();
    assertThat(store.namespace()).isEqualTo("shop.sequences");
    assertThat(store.keyField()).isEqualTo("_id");
    assertThat(store.valueField()).isEqualTo("last");
  }

  @Test
  void shouldRejectUnusableSettings() {
    MongoSequenceStore.Builder b = MongoSequenceStore.builder(db);
    assertThatThrownBy(() -> b.keyField("a.b")).isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> b.keyField("$name")).isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> b.valueField("_id")).isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> b.collection("")).isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> b.maxAttempts(0)).isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> b.writeConcern(WriteConcern.UNACKNOWLEDGED))
        .isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> MongoSequenceStore.builder(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> MongoSequenceStore.builder(db).keyField("seq").build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("\"seq\"");
  }

  @Test
  void shouldNameABadNameShortlyWithControlCharactersEscaped() {
    MongoSequenceStore.Builder b = MongoSequenceStore.builder(db);
    assertThatThrownBy(() -> b.keyField("$x\nFAKE LOG LINE" + "y".repeat(10_000)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("\"$x\\nFAKE LOG LINE")
        .hasMessageContaining("(10016 characters)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(300));
    assertThatThrownBy(() -> b.keyField("$\u202Ex"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("\"$\\u202Ex\"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u202E"));
    assertThatThrownBy(() -> b.collection("a$b"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("\"a$b\"");
  }
}
