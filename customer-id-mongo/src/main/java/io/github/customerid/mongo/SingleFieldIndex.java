package io.github.customerid.mongo;

import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;

/**
 * An existing index whose only key is one field, as {@code listIndexes} describes it, read with one
 * rule for its flags; and the look-up of an index by the leading keys of its pattern ({@link
 * #ascendingPrefix}). Every check of this library on an existing index goes through this class.
 *
 * <pre>{@code
 * for (SingleFieldIndex index : SingleFieldIndex.on(counters, "name")) {
 *   if (index.ascendingOrDescending() && index.unique() && !index.partial()) { ... }
 * }
 * }</pre>
 *
 * <p><b>Flags are read as the server reads them.</b> {@code unique} and {@code sparse} are true when
 * they are {@code true} or a number other than zero ({@code 1}, {@code 1.0}, {@code NumberLong(1)},
 * also {@code 0.5}), and false when absent, {@code false}, zero or anything else. Index definitions
 * written by other tools (the Mongo shell, Mongoose, an older driver) use any of these spellings.
 *
 * <p>A value-based class: immutable and thread-safe.
 */
public final class SingleFieldIndex {

  private final String name;
  private final Object direction;
  private final boolean unique;
  private final boolean sparse;
  private final boolean partial;
  private final String json;

  private SingleFieldIndex(Document index, Object direction) {
    this.name = String.valueOf(index.get("name"));
    this.direction = direction;
    this.unique = isTrue(index.get("unique"));
    this.sparse = isTrue(index.get("sparse"));
    this.partial = index.containsKey("partialFilterExpression");
    this.json = index.toJson();
  }

  /**
   * Lists the indexes of {@code collection} whose key is exactly {@code {<field>: <anything>}}:
   * ascending, descending, hashed or any other kind.
   *
   * @param collection the collection to inspect
   * @param field the field
   * @return the indexes in the server's order; empty if there are none (or no collection)
   * @throws NullPointerException if an argument is null
   * @throws com.mongodb.MongoException if MongoDB failed to list the indexes
   */
  public static List<SingleFieldIndex> on(MongoCollection<?> collection, String field) {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(field, "field");
    List<SingleFieldIndex> found = new ArrayList<>(2);
    for (Document index : collection.listIndexes()) {
      of(index, field).ifPresent(found::add);
    }
    return Collections.unmodifiableList(found);
  }

  /**
   * Returns the name of an index of {@code collection} whose key pattern starts with {@code
   * fields}, in that order, each ascending ({@code 1} in any numeric type): such an index serves a
   * sort by those fields whatever else it has (further keys, unique or not, sparse, partial). The one
   * compound look-up of this library: the migration's order index, which an administrator may have
   * created ahead with other options.
   *
   * @param collection the collection to inspect
   * @param fields the leading keys, at least one
   * @return the first such index in the server's order; empty if there is none (or no collection)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code fields} is empty
   * @throws com.mongodb.MongoException if MongoDB failed to list the indexes
   */
  public static Optional<String> ascendingPrefix(MongoCollection<?> collection,
      List<String> fields) {
    Objects.requireNonNull(collection, "collection");
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("an index key prefix needs at least one field");
    }
    for (Document index : collection.listIndexes()) {
      if (startsWith(index, fields)) {
        return Optional.of(String.valueOf(index.get("name")));
      }
    }
    return Optional.empty();
  }

  /** Whether a {@code listIndexes} entry's key begins with {@code fields}, each ascending. */
  static boolean startsWith(Document index, List<String> fields) {
    if (!(index.get("key") instanceof Document key) || key.size() < fields.size()) {
      return false;
    }
    int i = 0;
    for (java.util.Map.Entry<String, Object> e : key.entrySet()) {
      if (i == fields.size()) {
        return true;
      }
      if (!e.getKey().equals(fields.get(i++)) || !(e.getValue() instanceof Number n)
          || n.doubleValue() != 1.0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads one {@code listIndexes} entry, if its key is exactly {@code field}.
   *
   * @param index an entry of {@code listIndexes}
   * @param field the field
   * @return the index, or empty if its key is not that one field
   */
  static Optional<SingleFieldIndex> of(Document index, String field) {
    Object key = index.get("key");
    if (!(key instanceof Document) || ((Document) key).size() != 1
        || !((Document) key).containsKey(field)) {
      return Optional.empty();
    }
    return Optional.of(new SingleFieldIndex(index, ((Document) key).get(field)));
  }

  /**
   * Reads an index flag such as {@code unique} the way the server does.
   *
   * @param flag the value of the flag in the index definition, or null if absent
   * @return {@code true} for {@code true} and for any number other than zero; {@code false} otherwise
   */
  public static boolean isTrue(Object flag) {
    return Boolean.TRUE.equals(flag)
        || (flag instanceof Number && ((Number) flag).doubleValue() != 0);
  }

  /**
   * Returns the index name.
   *
   * @return for example {@code name_1}
   */
  public String name() {
    return name;
  }

  /**
   * Returns whether the key is an ordinary ascending or descending one ({@code 1} or {@code -1}, in
   * any numeric type), not hashed, text or geospatial.
   *
   * @return whether the index is a B-tree on the field
   */
  public boolean ascendingOrDescending() {
    return direction instanceof Number && Math.abs(((Number) direction).doubleValue()) == 1.0;
  }

  /**
   * Returns whether the index is unique.
   *
   * @return the {@code unique} flag, read by {@link #isTrue}
   */
  public boolean unique() {
    return unique;
  }

  /**
   * Returns whether the index is sparse (leaves out documents without the field).
   *
   * @return the {@code sparse} flag, read by {@link #isTrue}
   */
  public boolean sparse() {
    return sparse;
  }

  /**
   * Returns whether the index is partial (has a {@code partialFilterExpression}).
   *
   * @return whether the index covers only some documents
   */
  public boolean partial() {
    return partial;
  }

  /**
   * Returns the index definition as the server listed it, as JSON, for messages.
   *
   * @return for example {@code {"v": 2, "key": {"name": 1}, "name": "name_1", "unique": true}}
   */
  public String toJson() {
    return json;
  }

  /**
   * Describes the index, for logs.
   *
   * @return the index definition as JSON
   */
  @Override
  public String toString() {
    return json;
  }
}
