package io.github.customerid.mongo.migration;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.core.spi.StoreArguments;
import io.github.customerid.mongo.SingleFieldIndex;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Settings shared by the migration and the verifier, with the seed's defaults. */
final class Settings {

  static final String DEFAULT_FIELD = "customerId";

  final MongoCollection<Document> users;
  final SequenceStore store;
  String sequence = IdAllocator.DEFAULT_SEQUENCE;
  IdFormat format = IdFormat.defaultFormat();
  String field = DEFAULT_FIELD;
  Bson customerFilter = Filters.eq("role", "customer");

  Settings(MongoCollection<Document> users, SequenceStore store) {
    this.users = Objects.requireNonNull(users, "users");
    this.store = Objects.requireNonNull(store, "store");
  }

  Settings copy() {
    Settings s = new Settings(users, store);
    s.sequence = sequence;
    s.format = format;
    s.field = field;
    s.customerFilter = customerFilter;
    return s;
  }

  void sequence(String sequence) {
    this.sequence = StoreArguments.checkSequence(sequence);
  }

  void field(String field) {
    Objects.requireNonNull(field, "field");
    if (field.isEmpty() || field.equals("_id") || field.startsWith("$") || field.contains("\0")) {
      throw new InvalidConfigurationException("ID field \"" + field
          + "\" is not usable: it must be a non-empty field name other than _id, not starting with"
          + " '$'");
    }
    this.field = field;
  }

  String namespace() {
    return users.getNamespace().getFullName();
  }

  /** Customers without an ID: the field is missing or null, as in the seed's {@code $exists: false}. */
  Bson customersWithoutId() {
    return Filters.and(customerFilter, Filters.eq(field, null));
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

  /**
   * The name of a unique index whose only key is the ID field.
   *
   * @throws InvalidConfigurationException never; a non-unique index on the field is returned as
   *     absent and reported by the caller through {@link #nonUniqueIndexOnField()}
   */
  Optional<String> uniqueIndexOnField() {
    return SingleFieldIndex.on(users, field).stream().filter(SingleFieldIndex::unique)
        .map(SingleFieldIndex::name).findFirst();
  }

  /** The name of an index on the ID field that is <em>not</em> unique, if any. */
  Optional<String> nonUniqueIndexOnField() {
    return SingleFieldIndex.on(users, field).stream().filter(index -> !index.unique())
        .map(SingleFieldIndex::name).findFirst();
  }
}
