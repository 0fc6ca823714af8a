package io.github.customerid.mongo;

import io.github.customerid.core.InvalidConfigurationException;
import java.util.Objects;

/**
 * Checks the collection and field names a builder of this library is given, once, with one rule per
 * kind of name, so that every builder rejects the same bad names with the same message.
 *
 * <pre>{@code
 * this.keyField = MongoNames.checkTopLevelField("keyField", keyField);
 * }</pre>
 *
 * <p>Messages quote at most the first {@value #QUOTED_PREFIX} characters of a bad name, with control
 * characters escaped, so that a logged message cannot carry forged log lines.
 *
 * <p>Stateless and thread-safe.
 */
public final class MongoNames {

  /** How many characters of a rejected name a message quotes. */
  static final int QUOTED_PREFIX = 64;

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

  /** Quotes a short prefix of {@code s}, escaping control characters and quotes. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), QUOTED_PREFIX) + 8).append('"');
    int end = Math.min(s.length(), QUOTED_PREFIX);
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028'
          || c == '\u2029') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('"');
    if (s.length() > end) {
      b.append(" (").append(s.length()).append(" characters)");
    }
    return b.toString();
  }
}
