package io.github.customerid.mongo.migration;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.mongo.customers.CustomerIdIndex;
import io.github.customerid.mongo.customers.CustomerIdScheme;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * What the migration and the verifier share: the scheme saying where customer IDs live, the counter
 * store, and the queries and index checks derived from them.
 */
final class Settings {

  final CustomerIdScheme scheme;
  final MongoCollection<Document> users;
  final SequenceStore store;
  final String sequence;
  final IdFormat format;
  final String field;
  final Bson customerFilter;

  Settings(CustomerIdScheme scheme, SequenceStore store) {
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    this.store = Objects.requireNonNull(store, "store");
    this.users = scheme.collection();
    this.sequence = scheme.sequence();
    this.format = scheme.format();
    this.field = scheme.idField();
    this.customerFilter = scheme.customerFilter();
  }

  String namespace() {
    return users.getNamespace().getFullName();
  }

  /** Customers without an ID: the field is missing or null. */
  Bson customersWithoutId() {
    return scheme.customersWithoutId();
  }

  /**
   * The conditional filter of one customer's update: {@code {_id: <id>, <customer filter>, <field>:
   * null}} as one flat document when the customer filter's fields allow it, so that every server plans
   * it as a point look-up (a real MongoDB uses the {@code _id} index for any such filter; simpler
   * servers only use an index whose keys equal the filter's fields), and as an {@code $and} otherwise.
   */
  Bson oneCustomerWithoutId(Object id) {
    BsonDocument customer = customerFilter.toBsonDocument(BsonDocument.class,
        users.getCodecRegistry());
    if (customer.containsKey("_id") || customer.containsKey(field)
        || customer.keySet().stream().anyMatch(k -> k.startsWith("$"))) {
      return Filters.and(Filters.eq("_id", id), customersWithoutId());
    }
    BsonDocument flat = new BsonDocument();
    flat.put("_id", new Document("_id", id).toBsonDocument(BsonDocument.class,
        users.getCodecRegistry()).get("_id"));
    flat.putAll(customer);
    flat.put(field, BsonNull.VALUE);
    return flat;
  }

  /** The name of a unique index whose only key is the ID field. */
  Optional<String> uniqueIndexOnField() {
    return CustomerIdIndex.of(scheme).findUnique();
  }

  /** The name of an index whose only key is the ID field, unique or not. */
  Optional<String> anyIndexOnField() {
    return CustomerIdIndex.of(scheme).findAny();
  }
}
