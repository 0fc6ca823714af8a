package io.github.customerid.mongo.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.InvalidConfigurationException;
import java.lang.reflect.Proxy;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** The scheme's validation and its in-memory customer matching; no server needed. */
class CustomerIdSchemeTest {

  /** A collection stub answering only what a scheme asks: its namespace and codecs. */
  @SuppressWarnings("unchecked")
  static MongoCollection<Document> collection(String name) {
    return (MongoCollection<Document>) Proxy.newProxyInstance(
        CustomerIdSchemeTest.class.getClassLoader(), new Class<?>[] {MongoCollection.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "getNamespace":
              return new MongoNamespace("shop", name);
            case "getCodecRegistry":
              return MongoClientSettings.getDefaultCodecRegistry();
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  private final MongoCollection<Document> users = collection("users");

  @Test
  void shouldDefaultToTheNodeServicesLayout() {
    CustomerIdScheme s = CustomerIdScheme.of(users);
    assertThat(s.idField()).isEqualTo("customerId");
    assertThat(s.sequence()).isEqualTo("customerId");
    assertThat(s.format()).isEqualTo(IdFormat.defaultFormat());
    assertThat(s.customerFilter()).isEqualTo(BsonDocument.parse("{role: 'customer'}"));
    assertThat(s.namespace()).isEqualTo("shop.users");
    assertThat(s.isCustomer(new Document("role", "customer"))).isTrue();
    assertThat(s.isCustomer(new Document("role", "admin"))).isFalse();
    assertThat(s.isCustomer(new Document())).isFalse();
    assertThat(s.toString()).contains("shop.users.customerId", "role", "sequence=customerId");
  }

  @Test
  void shouldRejectBadSettingsNamingTheValue() {
    CustomerIdScheme.Builder b = CustomerIdScheme.builder(users);
    for (String bad : List.of("", "$set", "a.b", "nul\0l")) {
      assertThatThrownBy(() -> b.idField(bad)).as(bad)
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("idField");
    }
    assertThatThrownBy(() -> b.idField("$x\n")).hasMessageContaining("\"$x\\n\"");
    assertThatThrownBy(() -> b.idField("_id")).hasMessageContaining("\"_id\"");
    assertThatThrownBy(() -> b.sequence("bad name")).hasMessageContaining("bad name");
    assertThatThrownBy(() -> b.customers("role", List.of("a")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("string, number, boolean or ObjectId");
    assertThatThrownBy(() -> b.customers("a.b", "x"))
        .isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> CustomerIdScheme.builder(users).customers(Filters.exists("customerId"))
        .build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("names the ID field");
  }

  @Test
  void shouldMatchDocumentsAsMongoDbMatchesPlainEqualities() {
    ObjectId tenant = new ObjectId();
    CustomerIdScheme s = CustomerIdScheme.builder(users)
        .customers(Filters.and(Filters.eq("kind", "client"), Filters.eq("tier", 2),
            Filters.eq("active", true), Filters.eq("tenant", tenant)))
        .build();
    Document match = new Document("kind", "client").append("tier", 2L).append("active", true)
        .append("tenant", tenant);
    assertThat(s.canMatchDocuments()).isTrue();
    assertThat(s.isCustomer(match)).isTrue();
    assertThat(s.isCustomer(new Document(match).append("tier", 2.0))).isTrue();
    assertThat(s.isCustomer(new Document(match).append("tier", Decimal128.parse("2")))).isTrue();
    assertThat(s.isCustomer(new Document(match).append("kind", List.of("x", "client")))).isTrue();
    assertThat(s.isCustomer(new Document(match).append("tier", 2.5))).isFalse();
    assertThat(s.isCustomer(new Document(match).append("tier", "2"))).isFalse();
    assertThat(s.isCustomer(new Document(match).append("active", "true"))).isFalse();
    assertThat(s.isCustomer(new Document(match).append("tenant", new ObjectId()))).isFalse();
    assertThat(s.isCustomer(new Document(match).append("kind", List.of("x")))).isFalse();

    CustomerIdScheme opaque = CustomerIdScheme.builder(users)
        .customers(Filters.regex("role", "^cust")).build();
    assertThat(opaque.canMatchDocuments()).isFalse();
    assertThatThrownBy(() -> opaque.isCustomer(new Document()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("$regularExpression");
  }

  @Test
  void shouldReturnACopyOfTheFilter() {
    CustomerIdScheme s = CustomerIdScheme.of(users);
    s.customerFilter().put("role", new org.bson.BsonString("admin"));
    assertThat(s.customerFilter()).isEqualTo(BsonDocument.parse("{role: 'customer'}"));
  }
}
