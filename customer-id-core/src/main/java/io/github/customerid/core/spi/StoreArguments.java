package io.github.customerid.core.spi;

import io.github.customerid.core.CounterExhaustedException;
import io.github.customerid.core.InvalidConfigurationException;
import java.util.Locale;
import java.util.Objects;

/**
 * Argument checks shared by every {@link SequenceStore}, so that all stores reject the same input with
 * the same message. Stateless and thread-safe.
 */
public final class StoreArguments {

  /** Longest accepted sequence name, in characters. */
  public static final int MAX_SEQUENCE_LENGTH = 128;

  /** Most characters of a value that {@link #quote} shows. */
  private static final int QUOTED_LENGTH = 64;

  private StoreArguments() {}

  /**
   * Checks a sequence name: 1 to {@value #MAX_SEQUENCE_LENGTH} characters, each an ASCII letter, digit,
   * {@code _}, {@code -}, {@code .} or {@code :}. The restriction keeps names safe as document keys,
   * file names and log tokens in every store.
   *
   * @param sequence the name to check
   * @return {@code sequence}, for chaining
   * @throws NullPointerException if {@code sequence} is null
   * @throws InvalidConfigurationException naming the name and the offending character or length
   */
  public static String checkSequence(String sequence) {
    Objects.requireNonNull(sequence, "sequence");
    if (sequence.isEmpty()) {
      throw new InvalidConfigurationException("sequence name must not be empty");
    }
    if (sequence.length() > MAX_SEQUENCE_LENGTH) {
      throw new InvalidConfigurationException(
          "sequence name is " + sequence.length() + " characters long, the maximum is "
              + MAX_SEQUENCE_LENGTH);
    }
    for (int i = 0; i < sequence.length(); i++) {
      char c = sequence.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-' || c == '.' || c == ':';
      if (!ok) {
        throw new InvalidConfigurationException(
            "sequence name " + quote(sequence) + " has a character that is not allowed at index " + i
                + " (" + describe(c) + "); allowed are ASCII letters, digits, '_', '-', '.' and ':'");
      }
    }
    return sequence;
  }

  /**
   * Checks an allocation size.
   *
   * @param count the number of values requested
   * @return {@code count}
   * @throws IllegalArgumentException if {@code count < 1}
   */
  public static long checkCount(long count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    return count;
  }

  /**
   * Checks a "last issued" value given to initialise, advance or reset a counter.
   *
   * @param lastValue the value
   * @return {@code lastValue}
   * @throws IllegalArgumentException if {@code lastValue < 0}
   */
  public static long checkLastValue(long lastValue) {
    if (lastValue < 0) {
      throw new IllegalArgumentException("last value must be at least 0, was " + lastValue);
    }
    return lastValue;
  }

  /**
   * Checks the arguments of {@link SequenceStore#giveBack}.
   *
   * @param blockEnd the end of the block given back
   * @param lastUsed the value the counter is to be set to
   * @throws IllegalArgumentException if {@code lastUsed < 0} or {@code lastUsed >= blockEnd}
   */
  public static void checkGiveBack(long blockEnd, long lastUsed) {
    checkLastValue(lastUsed);
    if (lastUsed >= blockEnd) {
      throw new IllegalArgumentException("last used value must be below the block end " + blockEnd
          + ", was " + lastUsed);
    }
  }

  /**
   * Adds {@code count} to a counter value, failing instead of wrapping around.
   *
   * @param sequence the sequence, for the message
   * @param current the counter's current value, at least 0
   * @param count the increment, at least 1
   * @return {@code current + count}
   * @throws CounterExhaustedException if the sum would exceed {@link Long#MAX_VALUE}
   */
  public static long checkedAdd(String sequence, long current, long count) {
    if (current > Long.MAX_VALUE - count) {
      throw exhausted(sequence, current, count);
    }
    return current + count;
  }

  /**
   * Builds the exception a store throws when an allocation would pass {@link Long#MAX_VALUE}.
   *
   * @param sequence the sequence
   * @param current the counter's value
   * @param count the requested increment
   * @return the exception, for the caller to throw
   */
  public static CounterExhaustedException exhausted(String sequence, long current, long count) {
    return new CounterExhaustedException(
        "sequence \"" + sequence + "\" is exhausted: counter is at " + current + ", allocating "
            + count + " more would exceed " + Long.MAX_VALUE);
  }

  private static String describe(char c) {
    String code = String.format(Locale.ROOT, "U+%04X", (int) c);
    return Character.isWhitespace(c) || needsEscape(c) ? code : "'" + c + "' " + code;
  }

  /**
   * Quotes untrusted input for an exception message, the way every message of this library names a
   * bad value: in double quotes, at most its first 64 characters, followed by
   * {@code ... (N characters)} when cut. Line breaks, tabs, {@code "} and {@code \} are escaped as
   * in Java ({@code \n}, {@code \"}); other control characters, line and paragraph separators,
   * invisible formatting characters (bidirectional overrides among them), spaces other than U+0020,
   * lone surrogates, private-use and unassigned characters as <code>&#92;uXXXX</code>. So a quoted
   * value can neither break nor disguise a log line. Reads at most 64 characters of {@code input},
   * however long it is.
   *
   * @param input the value to quote
   * @return the quoted, escaped, possibly shortened value; never null
   * @throws NullPointerException if {@code input} is null
   */
  public static String quote(CharSequence input) {
    int len = input.length();
    int shown = Math.min(len, QUOTED_LENGTH);
    StringBuilder sb = new StringBuilder(shown + 32).append('"');
    for (int i = 0; i < shown; i++) {
      char c = input.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (needsEscape(c)) {
            sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
    if (len > shown) {
      sb.append("... (").append(len).append(" characters)");
    }
    return sb.toString();
  }

  /** Control, separator, formatting (bidirectional overrides), non-ASCII space, unpaired or unknown. */
  private static boolean needsEscape(char c) {
    if (c >= 0x20 && c < 0x7F) {
      return false;
    }
    int type = Character.getType(c);
    return Character.isISOControl(c) || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT
        || type == Character.SPACE_SEPARATOR || type == Character.SURROGATE
        || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
  }
}
