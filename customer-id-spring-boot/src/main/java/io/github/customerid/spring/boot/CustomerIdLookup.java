package io.github.customerid.spring.boot;

import io.github.customerid.core.IdFormat;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.InvalidIdException;
import io.github.customerid.mongo.customers.CustomerIdScheme;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Finds customers by a customer ID as a person typed it: surrounding spaces, the prefix's letter
 * case and the padding are forgiven ({@code " pl24 "} finds {@code PL24}), and the customer is found
 * whatever spelling of the number is stored, so IDs written before a change of the format's padding
 * or check digit stay findable ({@code PL0001} finds a stored {@code PL1}). Anything else malformed is
 * an {@link InvalidIdException}, not a query that finds nothing. The spellings are those of {@link
 * CustomerIdScheme#spellingsMeantBy}.
 *
 * <p>With {@code MongoTemplate}: {@code lookup.findOne(User.class, " pl24 ")}, or {@code
 * lookup.query(User.class, " pl24 ")} to add criteria of your own.
 *
 * <p>With a repository's derived query, normalise first; that finds the canonical spelling only:
 *
 * <pre>{@code
 * interface UserRepository extends MongoRepository<User, String> {
 *   Optional<User> findByCustomerId(String customerId);
 * }
 * users.findByCustomerId(lookup.normalize(" pl24 "));    // the user holding PL24
 * }</pre>
 *
 * <p>The auto-configuration provides one on the application's {@code MongoTemplate} and format; it
 * backs off when the application defines its own, built with {@link #of(IdFormat, MongoOperations)}
 * (for example on a second {@code MongoTemplate}).
 *
 * <p>Thread-safe.
 */
public final class CustomerIdLookup {

  private final IdFormat format;
  private final CustomerIdEntities entities;
  private final MongoOperations operations;
  private final Map<String, CustomerIdScheme> schemes = new ConcurrentHashMap<>();

  CustomerIdLookup(IdFormat format, CustomerIdEntities entities, MongoOperations operations) {
    this.format = format;
    this.entities = entities;
    this.operations = operations;
  }

  /**
   * Creates a look-up of IDs in {@code format} through {@code operations}: entity types, their
   * {@link CustomerId} property and its field name come from that template's mapping context.
   *
   * @param format the format of the IDs, as the allocator hands them out
   * @param operations the template to query, typically the application's {@code MongoTemplate}
   * @return the look-up
   * @throws NullPointerException if an argument is null
   */
  public static CustomerIdLookup of(IdFormat format, MongoOperations operations) {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(operations, "operations");
    return new CustomerIdLookup(format,
        new CustomerIdEntities(operations.getConverter().getMappingContext()), operations);
  }

  /**
   * Turns typed input into the ID as stored.
   *
   * @param typed what was typed, e.g. {@code " pl24 "}
   * @return the canonical ID, e.g. {@code "PL24"}
   * @throws InvalidIdException if the input is null or not an ID of the format after trimming and
   *     upper-casing the prefix; the message names the input and the problem
   */
  public String normalize(String typed) {
    return format.normalize(typed);
  }

  /**
   * Builds a query for the entity of {@code type} holding the typed ID, in any stored spelling.
   *
   * @param type an entity type with a {@link CustomerId} property
   * @param typed what was typed
   * @return a query on the property's field for every stored spelling of the typed ID ({@code $in});
   *     it matches more than one entity only if the number is stored twice, in two spellings
   * @throws NullPointerException if {@code type} is null
   * @throws InvalidIdException if {@code typed} is not an ID of the format's prefix
   * @throws InvalidConfigurationException if {@code type} has no {@link CustomerId} property
   */
  public Query query(Class<?> type, String typed) {
    CustomerIdMapping mapping = mapping(type);
    return query(mapping, spellings(mapping, typed));
  }

  /**
   * Finds the entity of {@code type} holding the typed ID, in any stored spelling.
   *
   * @param <T> the entity type
   * @param type an entity type with a {@link CustomerId} property
   * @param typed what was typed
   * @return the entity (the one holding the canonical spelling, if two spellings are stored), or
   *     empty if nobody holds the ID
   * @throws NullPointerException if {@code type} is null
   * @throws InvalidIdException if {@code typed} is not an ID of the format's prefix
   * @throws InvalidConfigurationException if {@code type} has no {@link CustomerId} property
   * @throws org.springframework.dao.DataAccessException if MongoDB failed
   */
  public <T> Optional<T> findOne(Class<T> type, String typed) {
    CustomerIdMapping mapping = mapping(type);
    List<String> spellings = spellings(mapping, typed);
    List<T> found = operations.find(query(mapping, spellings).limit(spellings.size()), type);
    for (String spelling : spellings) {
      for (T entity : found) {
        if (spelling.equals(mapping.get(entity))) {
          return Optional.of(entity);
        }
      }
    }
    return Optional.empty();
  }

  private CustomerIdMapping mapping(Class<?> type) {
    Objects.requireNonNull(type, "type");
    return entities.forType(type).orElseThrow(() ->
        new InvalidConfigurationException(type.getName() + " has no @CustomerId property"));
  }

  private static Query query(CustomerIdMapping mapping, List<String> spellings) {
    return Query.query(Criteria.where(mapping.propertyName()).in(spellings));
  }

  /** Every stored spelling {@code typed} means, the canonical one first. */
  private List<String> spellings(CustomerIdMapping mapping, String typed) {
    return schemes.computeIfAbsent(mapping.key(), k -> CustomerIdScheme
        .builder(operations.getCollection(mapping.collection()))
        .idField(mapping.field())
        .format(format)
        .build())
        .spellingsMeantBy(typed);
  }
}
