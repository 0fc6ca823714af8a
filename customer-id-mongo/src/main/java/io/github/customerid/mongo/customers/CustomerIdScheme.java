package io.github.customerid.mongo.customers;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.InvalidIdException;
import io.github.customerid.core.StoreException;
import io.github.customerid.core.spi.StoreArguments;
import io.github.customerid.mongo.MongoNames;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.bson.conversions.Bson;

/**
 * Where customer IDs live: the collection, the field holding the ID, which documents are customers,
 * the {@link IdFormat} and the counter's sequence. Every customer workflow takes one: {@link
 * CustomerIdAssigner}, {@link CustomerIdReconciler}, {@link CustomerIdIndex}, the migration and the
 * verifier (package {@code io.github.customerid.mongo.migration}) and the command line. It is
 * validated once, when built.
 *
 * <pre>{@code
 * CustomerIdScheme scheme = CustomerIdScheme.of(db.getCollection("users"));   // the defaults below
 * CustomerIdScheme clients = CustomerIdScheme.builder(db.getCollection("accounts"))
 *     .idField("clientNo").customers("kind", "client")
 *     .format(IdFormat.of("CL")).sequence("clients").build();
 * }</pre>
 *
 * <table>
 *   <caption>Defaults: those of the Node/Mongoose system this library replaces</caption>
 *   <tr><th>Setting</th><th>Default</th></tr>
 *   <tr><td>ID field</td><td>{@value #DEFAULT_ID_FIELD}</td></tr>
 *   <tr><td>customers</td><td>documents whose {@code role} is {@code "customer"}</td></tr>
 *   <tr><td>format</td><td>{@link IdFormat#defaultFormat()}: {@code PL1}, {@code PL2}, ...</td></tr>
 *   <tr><td>sequence</td><td>{@value IdAllocator#DEFAULT_SEQUENCE}</td></tr>
 * </table>
 *
 * <p><b>Which documents are customers</b> is stated once, in two forms that must agree: a filter,
 * for queries (the migration, the verifier), and a predicate on a document, for the assigner, which
 * decides before an insert. {@link Builder#customers(String, Object)} and a filter of plain field
 * equalities ({@link Builder#customers(Bson)}) give both; for any other filter give the predicate too
 * ({@link Builder#customers(Bson, Predicate)}).
 *
 * <p><b>Other spellings.</b> When the format's padding or check digit changes, IDs stored before keep
 * their old spelling. {@link #numberOf(Object)} reads every spelling a format with this prefix can
 * produce, so that scans for the highest number, duplicate checks and look-ups see them; {@link
 * #numberOf(Object, long)} settles, for scans of all stored values, the one ambiguity a format change
 * leaves: an old plain ID that is also a valid check-digit ID.
 *
 * <p>Immutable and thread-safe (a value-based class: do not rely on identity).
 *
 * <p>One file, though long: it is the one description of the customer collection that every workflow
 * shares, validated once by its builder, and half of the file is Javadoc.
 */
public final class CustomerIdScheme {

  /** Default field holding the customer ID, as in the Node service. */
  public static final String DEFAULT_ID_FIELD = "customerId";

  /** Default field telling customers from other users, as in the Node service. */
  public static final String DEFAULT_CUSTOMER_FIELD = "role";

  /** Default value of {@link #DEFAULT_CUSTOMER_FIELD} that marks a customer. */
  public static final String DEFAULT_CUSTOMER_VALUE = "customer";

  private final MongoCollection<Document> collection;
  private final String idField;
  private final BsonDocument customerFilter;
  private final Predicate<? super Document> isCustomer;
  private final IdFormat format;
  private final String sequence;
  private final Spellings spellings;

  private CustomerIdScheme(Builder b) {
    this.collection = b.collection;
    this.idField = b.idField;
    this.format = b.format;
    this.sequence = b.sequence;
    this.spellings = new Spellings(format);
    BsonDocument filter;
    try {
      filter = b.customerFilter.toBsonDocument(BsonDocument.class, collection.getCodecRegistry());
    } catch (CodecConfigurationException e) {
      throw new InvalidConfigurationException("the customer filter " + b.customerFilter
          + " cannot be encoded with the collection's codecs: " + e.getMessage(), e);
    }
    if (filter.containsKey(idField)) {
      throw new InvalidConfigurationException("the customer filter " + filter.toJson()
          + " names the ID field \"" + idField + "\": customers must be recognisable before they"
          + " have an ID");
    }
    this.customerFilter = filter;
    this.isCustomer = b.isCustomer != null ? b.isCustomer
        : EqualityMatcher.of(filter).orElse(null);
  }

  /**
   * Returns the scheme with every default, for the given collection.
   *
   * @param collection the collection holding the customers (the Node service's {@code users})
   * @return the scheme
   * @throws NullPointerException if {@code collection} is null
   */
  public static CustomerIdScheme of(MongoCollection<Document> collection) {
    return builder(collection).build();
  }

  /**
   * Starts a builder with the defaults.
   *
   * @param collection the collection holding the customers
   * @return a builder
   * @throws NullPointerException if {@code collection} is null
   */
  public static Builder builder(MongoCollection<Document> collection) {
    return new Builder(collection);
  }

  /**
   * Returns the collection holding the customers.
   *
   * @return the collection
   */
  public MongoCollection<Document> collection() {
    return collection;
  }

  /**
   * Returns the top-level field holding the customer ID.
   *
   * @return the field name
   */
  public String idField() {
    return idField;
  }

  /**
   * Returns the filter selecting customers, as a fresh copy.
   *
   * @return the filter
   */
  public BsonDocument customerFilter() {
    return customerFilter.clone();
  }

  /**
   * Tells whether a document is a customer, without asking the database.
   *
   * @param document the document
   * @return whether the customer predicate accepts it
   * @throws NullPointerException if {@code document} is null
   * @throws InvalidConfigurationException if the customer filter is not plain field equalities and
   *     no predicate was given (see {@link #canMatchDocuments()})
   */
  public boolean isCustomer(Document document) {
    Objects.requireNonNull(document, "document");
    return predicate().test(document);
  }

  /**
   * Tells whether {@link #isCustomer(Document)} can answer: a predicate was given, or the filter is
   * plain field equalities.
   *
   * @return whether documents can be matched in memory
   */
  public boolean canMatchDocuments() {
    return isCustomer != null;
  }

  /**
   * Returns the ID format.
   *
   * @return the format
   */
  public IdFormat format() {
    return format;
  }

  /**
   * Returns the counter's sequence name.
   *
   * @return the sequence
   */
  public String sequence() {
    return sequence;
  }

  /**
   * Returns the collection's full name, for messages.
   *
   * @return {@code database.collection}
   */
  public String namespace() {
    return collection.getNamespace().getFullName();
  }

  /**
   * Returns the filter of customers without an ID: the field is missing or null, as the Node
   * service's {@code customerId: {$exists: false}}.
   *
   * @return {@code {$and: [<customer filter>, {<idField>: null}]}}
   */
  public Bson customersWithoutId() {
    return Filters.and(customerFilter(), Filters.eq(idField, null));
  }

  /**
   * Reads the number a stored value of the ID field spells. A value canonical in the format reads as
   * its number. Any other spelling that a format with this prefix can produce (padded or not, with or
   * without a check digit: the prefix followed by ASCII digits, not all zeros) reads as the larger of
   * its possible numbers, which is what a scan for the highest stored number needs: {@code PL1} and
   * {@code PL0001} both read as 1 whatever the padding is today, and {@code PL241} under a format
   * without check digit reads as 241, not as 24 with check digit 1.
   *
   * @param stored the stored value, of any type; may be null
   * @return the number, or empty if the value is not a string spelling an ID of this prefix
   */
  public OptionalLong numberOf(Object stored) {
    return spellings.numberOf(stored);
  }

  /**
   * Reads the number a stored value spells, for a scan of all stored values (the highest number,
   * duplicates): as {@link #numberOf(Object)}, except for a value canonical in a format with a check
   * digit, which is also a plain number ({@code PL13} is 1 with check digit 3, or 13 written by a
   * format without check digit). Such a value reads as its plain number when its check-digit number is
   * at most {@code highestPlainOnly}: it lies within the numbers a format without check digit handed
   * out, so it may be one of them, and the larger reading is the safe one. Above, it reads as its
   * check-digit number: reading every ID of a check-digit format as ten times its number would
   * multiply the counter by ten at every reconcile. A plain ID more than ten times the highest value
   * only a plain format can have written is therefore read as its check-digit number.
   *
   * <pre>{@code
   * long plainOnly = scheme.highestPlainOnlyNumber();
   * long highest = max of numberOf(v, plainOnly) over the stored values;
   * }</pre>
   *
   * @param stored the stored value, of any type; may be null
   * @param highestPlainOnly what {@link #highestPlainOnlyNumber()} returns for the stored values
   * @return the number, or empty if the value is not a string spelling an ID of this prefix
   */
  public OptionalLong numberOf(Object stored, long highestPlainOnly) {
    return spellings.numberOf(stored, highestPlainOnly);
  }

  /**
   * Reads the number of a stored value that only a format without check digit can have written: the
   * prefix followed by ASCII digits (any padding, not all zeros) whose last digit is not the check
   * digit of the others. The highest such number among the stored values is the argument of {@link
   * #numberOf(Object, long)}.
   */
  OptionalLong plainOnlyNumberOf(Object stored) {
    return spellings.plainOnlyNumberOf(stored);
  }

  /**
   * Scans the collection for the highest number among the stored values that only a format without
   * check digit can have written (the prefix and digits whose last digit is not the check digit of the
   * others): the argument of {@link #numberOf(Object, long)}. Without a check digit it is 0 at once,
   * with no query. Reads only the values of the ID field that start with the prefix (a range scan of the ID
   * field's index).
   *
   * @return the highest number only a format without check digit can have written, 0 if none
   * @throws StoreException if MongoDB fails, naming the collection and field
   */
  public long highestPlainOnlyNumber() {
    if (!format.hasCheckDigit()) {
      return 0;
    }
    long highest = 0;
    // The prefix is ASCII letters and digits (IdFormat checks), so this anchored regex needs no
    // quoting.
    try (MongoCursor<Document> cursor = collection
        .find(Filters.regex(idField, "^" + format.prefix()))
        .projection(Projections.fields(Projections.include(idField), Projections.excludeId()))
        .batchSize(10_000)
        .iterator()) {
      while (cursor.hasNext()) {
        OptionalLong n = plainOnlyNumberOf(cursor.next().get(idField));
        if (n.isPresent()) {
          highest = Math.max(highest, n.getAsLong());
        }
      }
    } catch (MongoException e) {
      throw new StoreException("MongoDB failed to scan " + namespace() + "." + idField
          + " for IDs written without check digit (sequence \"" + sequence + "\"): "
          + e.getMessage(), e);
    }
    return highest;
  }

  /**
   * Tells whether a stored value is the canonical spelling of the format.
   *
   * @param stored the stored value, of any type; may be null
   * @return whether the format's {@code parse} accepts it
   */
  public boolean isCanonical(Object stored) {
    return spellings.isCanonical(stored);
  }

  /**
   * Returns a filter matching every stored spelling of one number ({@code PL1}, {@code PL0001}, ...):
   * exactly the strings {@link #numberOf(Object)} reads as {@code number}.
   *
   * @param number the number, at least 1
   * @return {@code {<idField>: {$in: [...]}}}
   * @throws IllegalArgumentException if {@code number} is below 1
   */
  public Bson idFilter(long number) {
    return Filters.in(idField, spellingsOf(number));
  }

  /**
   * Returns every spelling of one number that {@link #numberOf(Object)} reads as it, the canonical
   * one first: padded to any width up to {@value IdFormat#MAX_MIN_DIGITS} digits, with or without a
   * check digit.
   *
   * @param number the number, at least 1
   * @return the spellings, without repetition
   * @throws IllegalArgumentException if {@code number} is below 1
   */
  public List<String> spellingsOf(long number) {
    return spellings.spellingsOf(number);
  }

  /**
   * Returns the stored spellings a person means by a typed ID, for a look-up that must find the
   * customer whatever spelling is stored: surrounding spaces (those {@link IdFormat#normalize}
   * forgives), the prefix's letter case and the padding are forgiven, and every spelling of the
   * number follows, the canonical one first ({@code " pl1 "} and {@code PL0001} both mean {@code
   * PL0001}, {@code PL1}, {@code PL01}, ... under a padding of 4). Under a format with a check digit,
   * a typed ID whose check digit is wrong means only the spellings that a format without check digit
   * wrote, never the canonical ID of another number, so a typo does not find another customer.
   *
   * <pre>{@code
   * users.find(Filters.in(scheme.idField(), scheme.spellingsMeantBy(typed)))
   * }</pre>
   *
   * @param typed what was typed
   * @return the spellings, the canonical one first when the typed ID is valid in the format apart
   *     from its padding; never empty
   * @throws InvalidIdException if {@code typed} is null, longer than {@value
   *     IdFormat#MAX_NORMALIZE_LENGTH} characters (rejected without reading it), not the prefix
   *     followed by ASCII digits, zero, or has a wrong check digit that no format without check digit
   *     can have written; the message names the input and the problem
   */
  public List<String> spellingsMeantBy(CharSequence typed) {
    Spellings.Meant meant = meant(typed);
    if (meant.spellings().isEmpty()) {
      format.normalize(typed); // throws InvalidIdException naming the problem
      throw new InvalidIdException("ID is not an ID of " + format, IdFormat.strip(typed), -1);
    }
    return meant.spellings();
  }

  /** The stored spellings a person means by {@code typed}; see {@link Spellings#spellingsMeantBy}. */
  Spellings.Meant meant(CharSequence typed) {
    if (typed == null) {
      format.normalize(null); // throws InvalidIdException naming the problem
    }
    return spellings.spellingsMeantBy(typed);
  }

  Predicate<? super Document> predicate() {
    if (isCustomer == null) {
      throw new InvalidConfigurationException("the customer filter " + customerFilter.toJson()
          + " is not plain field equalities, so a document cannot be matched against it before"
          + " it is inserted; give the equivalent predicate with customers(filter, predicate)");
    }
    return isCustomer;
  }

  /**
   * Describes the scheme, for logs.
   *
   * @return collection, field, customer filter, format and sequence
   */
  @Override
  public String toString() {
    return "CustomerIdScheme[" + namespace() + "." + idField + ", customers="
        + customerFilter.toJson() + ", format=" + format + ", sequence=" + sequence + "]";
  }

  /** Builds a {@link CustomerIdScheme}. Not thread-safe; the scheme is. */
  public static final class Builder {
    private final MongoCollection<Document> collection;
    private String idField = DEFAULT_ID_FIELD;
    private Bson customerFilter = Filters.eq(DEFAULT_CUSTOMER_FIELD, DEFAULT_CUSTOMER_VALUE);
    private Predicate<? super Document> isCustomer;
    private IdFormat format = IdFormat.defaultFormat();
    private String sequence = IdAllocator.DEFAULT_SEQUENCE;

    private Builder(MongoCollection<Document> collection) {
      this.collection = Objects.requireNonNull(collection, "collection");
    }

    /**
     * Sets the field holding the customer ID (default {@value #DEFAULT_ID_FIELD}).
     *
     * @param idField a top-level field name: not empty, not {@code _id}, no {@code .}, not starting
     *     with {@code $}
     * @return this builder
     * @throws NullPointerException if {@code idField} is null
     * @throws InvalidConfigurationException naming the value if it is not such a name
     */
    public Builder idField(String idField) {
      this.idField = MongoNames.checkTopLevelField("idField", idField);
      if ("_id".equals(idField)) {
        throw new InvalidConfigurationException("idField must not be \"_id\": the customer ID is"
            + " a field of its own");
      }
      return this;
    }

    /**
     * Sets which documents are customers: those whose {@code field} equals {@code value} (default
     * {@code role} equals {@code "customer"}). As in MongoDB, an array field matches when one of its
     * elements equals the value, and numbers compare by value whatever their type.
     *
     * @param field a top-level field name
     * @param value a string, number, boolean or {@code ObjectId}
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException naming the value if the field is not a top-level name
     *     or the value is of another type
     */
    public Builder customers(String field, Object value) {
      MongoNames.checkTopLevelField("customer field", field);
      Objects.requireNonNull(value, "value");
      Bson filter = Filters.eq(field, value);
      BsonDocument encoded = filter.toBsonDocument(BsonDocument.class,
          collection.getCodecRegistry());
      if (EqualityMatcher.of(encoded).isEmpty()) {
        throw new InvalidConfigurationException("customers(\"" + field + "\", " + value + "): the"
            + " value must be a string, number, boolean or ObjectId, was a "
            + value.getClass().getName());
      }
      this.customerFilter = filter;
      this.isCustomer = null;
      return this;
    }

    /**
     * Sets which documents are customers, as a filter. A filter of plain field equalities (such as
     * {@code Filters.eq("kind", "client")} or {@code {kind: "client", active: true}}) also serves
     * the assigner; for any other filter the assigner needs {@link #customers(Bson, Predicate)}.
     *
     * @param filter the filter; must not name the ID field
     * @return this builder
     * @throws NullPointerException if {@code filter} is null
     */
    public Builder customers(Bson filter) {
      this.customerFilter = Objects.requireNonNull(filter, "filter");
      this.isCustomer = null;
      return this;
    }

    /**
     * Sets which documents are customers, as a filter for queries and the same rule as a predicate
     * for documents about to be inserted. The two must agree; the library cannot check that.
     *
     * @param filter the filter; must not name the ID field
     * @param isCustomer the same rule on a document
     * @return this builder
     * @throws NullPointerException if an argument is null
     */
    public Builder customers(Bson filter, Predicate<? super Document> isCustomer) {
      this.customerFilter = Objects.requireNonNull(filter, "filter");
      this.isCustomer = Objects.requireNonNull(isCustomer, "isCustomer");
      return this;
    }

    /**
     * Sets the ID format (default {@link IdFormat#defaultFormat()}).
     *
     * @param format the format
     * @return this builder
     * @throws NullPointerException if {@code format} is null
     */
    public Builder format(IdFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Sets the counter's sequence name (default {@value IdAllocator#DEFAULT_SEQUENCE}).
     *
     * @param sequence a valid sequence name
     * @return this builder
     * @throws NullPointerException if {@code sequence} is null
     * @throws InvalidConfigurationException naming the value if it is invalid
     */
    public Builder sequence(String sequence) {
      this.sequence = StoreArguments.checkSequence(sequence);
      return this;
    }

    /**
     * Builds the scheme. Does not touch the database.
     *
     * @return the scheme
     * @throws InvalidConfigurationException if the customer filter names the ID field or cannot be
     *     encoded
     */
    public CustomerIdScheme build() {
      return new CustomerIdScheme(this);
    }
  }
}
