package io.github.customerid.mongo;

import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.core.spi.StoreArguments;
import java.util.Objects;

/**
 * Checks the collection and field names a builder of this library is given, once, with one rule per
 * kind of name, so that every builder rejects the same bad names with the same message.
 *
 * <pre>{@code
 * this.keyField = MongoNames.checkTopLevelField("keyField", keyField);
 * }</pre>
 *
 * <p>Messages quote a bad name as every message of this library quotes bad input ({@link
 * StoreArguments#quote}: at most its first 64 characters, with control and invisible formatting
 * characters escaped), so that a logged message cannot carry forged or disguised log lines.
 *
 * <p>Stateless and thread-safe.
 */
public final class MongoNames {

  private MongoNames() {}

  /**
   * Checks a collection name: not empty, without {@code $} or NUL.
   *
   * @param what what the name is, for the message (for example {@code "collection"})
   * @param name the collection name
   * @return {@code name}
   * @throws NullPointerException if {@code name} is null (the message is {@code what})
   * @throws InvalidConfigurationException if the name is empty or contains {@code $} or NUL
   */
  public static String checkCollection(String what, String name) {
    Objects.requireNonNull(name, what);
    if (name.isEmpty() || name.indexOf('$') >= 0 || name.indexOf('\0') >= 0) {
      throw new InvalidConfigurationException(
          what + " name must be non-empty without '$' or NUL, was " + quote(name));
    }
    return name;
  }

  /**
   * Checks the name of a top-level field: not empty, no leading {@code $}, no {@code .}, no NUL.
   *
   * @param what what the field is, for the message (for example {@code "keyField"})
   * @param field the field name
   * @return {@code field}
   * @throws NullPointerException if {@code field} is null (the message is {@code what})
   * @throws InvalidConfigurationException if the name is empty, starts with {@code $}, or contains
   *     {@code .} or NUL
   */
  public static String checkTopLevelField(String what, String field) {
    Objects.requireNonNull(field, what);
    if (field.isEmpty() || field.startsWith("$") || field.indexOf('.') >= 0
        || field.indexOf('\0') >= 0) {
      throw new InvalidConfigurationException(what + " must be a top-level field name (not "
          + "empty, no leading '$', no '.'), was " + quote(field));
    }
    return field;
  }

  /** Quotes a rejected name for a message; see {@link StoreArguments#quote}. */
  static String quote(String s) {
    return StoreArguments.quote(s);
  }
}
