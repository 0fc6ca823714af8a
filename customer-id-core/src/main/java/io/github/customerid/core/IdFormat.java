package io.github.customerid.core;

import io.github.customerid.core.spi.StoreArguments;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a number becomes a human-readable ID and back: a prefix, the decimal number, optionally
 * zero-padded to a minimum width, optionally followed by a check digit.
 *
 * <table>
 *   <caption>Examples</caption>
 *   <tr><th>Format</th><th>1</th><th>24</th><th>123456</th></tr>
 *   <tr><td>{@code IdFormat.defaultFormat()}</td><td>{@code PL1}</td><td>{@code PL24}</td>
 *       <td>{@code PL123456}</td></tr>
 *   <tr><td>{@code builder().prefix("PL").minDigits(4)}</td><td>{@code PL0001}</td>
 *       <td>{@code PL0024}</td><td>{@code PL123456}</td></tr>
 *   <tr><td>{@code builder().prefix("PL").checkDigit(true)}</td><td>{@code PL13}</td>
 *       <td>{@code PL241}</td><td>{@code PL1234566}</td></tr>
 * </table>
 *
 * <p><b>Prefix.</b> One to {@value #MAX_PREFIX_LENGTH} ASCII letters or digits, and it must not end in a
 * digit. Were {@code "A1"} allowed, {@code A123} could be prefix {@code A1} with number 23 or prefix
 * {@code A} with number 123: the boundary between prefix and number would be ambiguous to people and to
 * any other system reading the ID, and a zero-padded number would merge with the prefix's digits.
 *
 * <p><b>Canonical form.</b> Every number has exactly one spelling. {@link #parse} accepts only that
 * spelling: no sign, no leading zeros beyond the padding, ASCII digits only, the prefix in its exact case,
 * the number at least 1 and at most {@link Long#MAX_VALUE}. So two different strings never denote the
 * same customer, and a database unique index on the string is a unique index on the number.
 *
 * <p><b>Check digit.</b> When enabled, the last character is a <a
 * href="https://en.wikipedia.org/wiki/Damm_algorithm">Damm</a> check digit over the decimal digits.
 * Damm rather than Luhn because Damm detects <em>every</em> single-digit substitution and <em>every</em>
 * transposition of two adjacent digits, while Luhn misses the transposition {@code 09}/{@code 90}. Damm
 * also needs no weights and yields a digit (never an {@code X} as ISBN-10 does). Leading zeros do not
 * change a Damm check digit, so the padding width can be changed without reissuing IDs. It does not
 * catch every twin error ({@code 11}→{@code 22}) or jump transposition ({@code 1x2}→{@code 2x1}), nor
 * a digit inserted or dropped in every position; treat it as a typo filter, not a signature.
 *
 * <p>Instances are immutable and thread-safe (a value-based class: do not synchronise on them or rely
 * on their identity).
 *
 * <p>One file, though long: formatting and parsing are inverses that must agree on every character
 * of the prefix, padding and check digit, and most of the rest is this contract's Javadoc and the
 * parser's messages naming what is wrong with a given input.
 */
public final class IdFormat {

  /** Longest accepted prefix, in characters. */
  public static final int MAX_PREFIX_LENGTH = 32;

  /** Widest accepted padding: {@link Long#MAX_VALUE} has 19 digits. */
  public static final int MAX_MIN_DIGITS = 19;

  /**
   * Longest input {@link #normalize} reads: an ID is at most 52 characters (a 32-character prefix, 19
   * digits and a check digit), so anything longer is rejected without being read.
   */
  public static final int MAX_NORMALIZE_LENGTH = 256;

  private static final IdFormat DEFAULT = new IdFormat("PL", 1, false);

  /** What the parser returns for an invalid input when asked not to throw. */
  private static final long INVALID = -1;

  /** Characters of the input kept in {@link InvalidIdException#input()}. */
  private static final int KEPT_LENGTH = 256;

  /**
   * Widest digit run for which a non-canonical ID's message names the canonical form; wider runs are
   * not read (a leading zero already decides).
   */
  private static final int HINT_WIDTH = 64;

  /** The Damm quasigroup of order 10 (totally anti-symmetric, zero diagonal). */
  private static final byte[][] DAMM = {
    {0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
    {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
    {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
    {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
    {6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
    {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
    {5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
    {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
    {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
    {2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
  };

  /**
   * {@link #DAMM} for two digits at once, with states kept multiplied by 100: {@code
   * DAMM_PAIRS[100 * interim + 10 * a + b]} is {@code 100 * DAMM[DAMM[interim][a]][b]}. One look-up
   * and one add per pair of digits: the chain of dependent steps is a quarter as long as one
   * two-dimensional look-up per digit.
   */
  private static final short[] DAMM_PAIRS = new short[1000];

  /** {@code ZEROS[n]} is {@code n} zeros, the padding in front of a number. */
  private static final String[] ZEROS = new String[MAX_MIN_DIGITS];

  /** {@code POW10[n]} is 10<sup>n</sup>. */
  private static final long[] POW10 = new long[MAX_MIN_DIGITS];

  /** Largest value that can be multiplied by 10 without overflow. */
  private static final long MAX_DIV_10 = Long.MAX_VALUE / 10;

  /** 10<sup>16</sup>: numbers below it have at most 8 pairs of digits (56 bits at 7 bits a pair). */
  private static final long TEN_TO_16 = 10_000_000_000_000_000L;

  static {
    for (int i = 0; i < 10; i++) {
      for (int a = 0; a < 10; a++) {
        for (int b = 0; b < 10; b++) {
          DAMM_PAIRS[i * 100 + a * 10 + b] = (short) (100 * DAMM[DAMM[i][a]][b]);
        }
      }
    }
    long pow = 1;
    for (int n = 0; n < MAX_MIN_DIGITS; n++) {
      ZEROS[n] = "0".repeat(n);
      POW10[n] = pow;
      pow *= 10;
    }
  }

  private final String prefix;
  private final int minDigits;
  private final boolean checkDigit;
  /** Plain {@code prefix + number}: the common case gets the JDK's fastest concatenation. */
  private final boolean plain;

  private IdFormat(String prefix, int minDigits, boolean checkDigit) {
    this.prefix = prefix;
    this.minDigits = minDigits;
    this.checkDigit = checkDigit;
    this.plain = minDigits == 1 && !checkDigit;
  }

  /**
   * Returns the format of the original system: prefix {@code PL}, no padding, no check digit ({@code
   * PL1}, {@code PL24}).
   *
   * @return the default format
   */
  public static IdFormat defaultFormat() {
    return DEFAULT;
  }

  /**
   * Returns a format with the given prefix, no padding and no check digit.
   *
   * @param prefix the prefix, see the class documentation for the rules
   * @return the format
   * @throws NullPointerException if {@code prefix} is null
   * @throws InvalidConfigurationException if the prefix breaks a rule (the message says which)
   */
  public static IdFormat of(String prefix) {
    return builder().prefix(prefix).build();
  }

  /**
   * Starts a builder with the defaults of {@link #defaultFormat()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the prefix.
   *
   * @return the prefix, never empty
   */
  public String prefix() {
    return prefix;
  }

  /**
   * Returns the minimum number of digits; shorter numbers are padded with leading zeros.
   *
   * @return the width, 1 when there is no padding
   */
  public int minDigits() {
    return minDigits;
  }

  /**
   * Tells whether IDs end in a Damm check digit.
   *
   * @return {@code true} if a check digit is appended
   */
  public boolean hasCheckDigit() {
    return checkDigit;
  }

  /**
   * Formats a number as an ID.
   *
   * @param value the number, at least 1
   * @return the canonical ID, for example {@code PL24}
   * @throws IllegalArgumentException if {@code value < 1}
   */
  public String format(long value) {
    if (value < 1) {
      throw new IllegalArgumentException(
          "an ID number must be at least 1, was " + value + " (format " + this + ")");
    }
    if (plain) {
      return prefix + value;
    }
    // Still one concatenation: the JDK sizes and fills the string once, with no char[] to compress.
    int digits = digitCount(value);
    if (!checkDigit) {
      return prefix + ZEROS[Math.max(0, minDigits - digits)] + value;
    }
    char check = (char) ('0' + damm(value));
    return digits >= minDigits
        ? prefix + value + check
        : prefix + ZEROS[minDigits - digits] + value + check;
  }

  /**
   * Parses a canonical ID back into its number.
   *
   * @param id the ID, for example {@code PL24}
   * @return the number, at least 1
   * <p>Hostile input is cheap: the parser stops at the first character that decides, so at most the
   * prefix and about 20 more characters are read, however long the input (a leading zero beyond the
   * padding decides, and so does a 20th significant digit). The message of the exception quotes at most
   * the first 64 characters of the input, with control and invisible formatting characters escaped (a
   * line feed as <code>\n</code>, U+2028 as <code>&#92;u2028</code>), so a logged message cannot forge
   * log lines. {@link InvalidIdException#input()} keeps at most the first 256 characters.
   *
   * @throws InvalidIdException if {@code id} is null, empty, has another prefix, contains anything but
   *     ASCII digits after the prefix, is not in canonical form (leading zeros, wrong padding), is zero,
   *     exceeds {@link Long#MAX_VALUE}, or has a wrong check digit; the message names the index
   */
  public long parse(CharSequence id) {
    long result = parse(id, false, false);
    return result;
  }

  /**
   * Parses an ID without throwing.
   *
   * @param id the candidate, may be null
   * @return the number, or empty if {@link #parse} would throw
   */
  public OptionalLong tryParse(CharSequence id) {
    long result = parse(id, false, true);
    return result == INVALID ? OptionalLong.empty() : OptionalLong.of(result);
  }

  /**
   * Tells whether a string is a canonical ID of this format.
   *
   * @param id the candidate, may be null
   * @return {@code true} if {@link #parse} would accept it
   */
  public boolean isValid(CharSequence id) {
    return parse(id, false, true) != INVALID;
  }

  /**
   * Normalises what a person typed, for example into a search box: leading and trailing whitespace is
   * removed and the prefix may be in any letter case ({@code " pl24 "} becomes {@code "PL24"}). The
   * whitespace removed ({@link #strip}) is what {@link String#strip()} removes plus the spaces that other
   * programs paste: the no-break spaces U+00A0, U+2007 and U+202F and the byte order mark U+FEFF. The number stays
   * strict: leading zeros, signs, inner spaces and non-ASCII digits are still rejected, so the result is
   * exactly the stored ID or an error, never a guess.
   *
   * @param input what was typed
   * @return the canonical ID
   * @throws InvalidIdException as {@link #parse} does, with indexes into the stripped input; also if
   *     {@code input} is longer than {@value #MAX_NORMALIZE_LENGTH} characters, without reading it
   */
  public String normalize(CharSequence input) {
    return format(parse(strip(input), true, false));
  }

  /**
   * Removes from both ends of typed input the whitespace that {@link #normalize} forgives: what
   * {@link String#strip()} removes plus the spaces that other programs paste, the no-break spaces
   * U+00A0, U+2007 and U+202F and the byte order mark U+FEFF. For code that reads typed IDs its own
   * way (a look-up that also accepts other spellings) and must forgive exactly what {@code normalize}
   * forgives. The length is checked first, so a huge input is rejected without being read.
   *
   * @param input what was typed
   * @return the input without that whitespace at either end; inner characters are kept as they are
   * @throws InvalidIdException if {@code input} is null, or longer than {@value
   *     #MAX_NORMALIZE_LENGTH} characters (the message names the length and quotes a short prefix)
   */
  public static String strip(CharSequence input) {
    if (input == null) {
      throw new InvalidIdException("ID is null", "null", -1);
    }
    int len = input.length();
    if (len > MAX_NORMALIZE_LENGTH) {
      throw new InvalidIdException("ID input is " + len + " characters long; at most "
          + MAX_NORMALIZE_LENGTH + " are accepted (an ID has at most 52)", kept(input), -1);
    }
    int from = 0;
    while (from < len && isStrippable(input.charAt(from))) {
      from++;
    }
    int to = len;
    while (to > from && isStrippable(input.charAt(to - 1))) {
      to--;
    }
    return input.subSequence(from, to).toString();
  }

  /** Whitespace at either end of typed input: {@link String#strip()}'s and the pasted spaces. */
  private static boolean isStrippable(char c) {
    return Character.isWhitespace(c) || c == '\u00A0' || c == '\u2007' || c == '\u202F'
        || c == '\uFEFF';
  }

  /**
   * The parser. Returns the value, or {@link #INVALID} when {@code quiet} and the input is invalid, so
   * that the non-throwing variants allocate nothing on failure.
   */
  private long parse(CharSequence id, boolean ignorePrefixCase, boolean quiet) {
    if (id == null) {
      return fail(quiet, "ID is null", null, -1);
    }
    int len = id.length();
    if (len == 0) {
      return fail(quiet, "ID is empty; expected " + example(), id, -1);
    }
    int p = prefix.length();
    for (int i = 0; i < p; i++) {
      if (i >= len) {
        return fail(quiet, "ID " + quote(id) + " is too short: it ends inside the prefix \"" + prefix
            + "\"; expected " + example(), id, i);
      }
      char c = id.charAt(i);
      char e = prefix.charAt(i);
      if (c != e && !(ignorePrefixCase && equalsIgnoreAsciiCase(c, e))) {
        return fail(quiet, "ID " + quote(id) + " does not start with the prefix \"" + prefix
            + "\": unexpected " + describe(c) + " at index " + i, id, i);
      }
    }
    int end = checkDigit ? len - 1 : len;
    if (end <= p) {
      return fail(quiet, "ID " + quote(id) + " has no number after the prefix \"" + prefix
          + "\"; expected " + example(), id, Math.min(p, len));
    }
    int width = end - p;
    long value = 0;
    // Damm state (times 100) over pairs of digits; an odd width pairs a leading 0 with the first
    // digit, which changes nothing (DAMM[0][0] is 0).
    int state = 0;
    int previous = 0;
    int pairPosition = width & 1;
    // Every exit below is taken within the first 20 significant digits: a leading zero beyond the
    // padding fails at once, and a 20th significant digit overflows. So a huge input costs nothing.
    for (int i = p; i < len; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return fail(quiet, "ID " + quote(id) + " has " + describe(c) + " at index " + i
            + "; only the ASCII digits 0-9 may follow the prefix", id, i);
      }
      if (i < end) {
        int d = c - '0';
        if (d == 0 && i == p && width > minDigits) {
          return fail(quiet, "ID " + quote(id) + " is not canonical: it has a leading zero at index "
              + p + canonicalHint(id, p, end), id, p);
        }
        // value * 10 + d > Long.MAX_VALUE, without a division per digit
        if (value >= MAX_DIV_10 && (value > MAX_DIV_10 || d > (int) (Long.MAX_VALUE % 10))) {
          return fail(quiet, "ID " + quote(id) + " has a number beyond " + Long.MAX_VALUE
              + " (overflow at index " + i + ")", id, i);
        }
        value = value * 10 + d;
        if (checkDigit) {
          if ((pairPosition++ & 1) == 0) {
            previous = d;
          } else {
            state = DAMM_PAIRS[state + previous * 10 + d];
          }
        }
      }
    }
    if (value == 0) {
      return fail(quiet, "ID " + quote(id) + " has the number 0; numbers start at 1", id, p);
    }
    // Canonical: exactly the padding width, or wider without a leading zero (checked above).
    if (width < minDigits) {
      return fail(quiet, "ID " + quote(id) + " is not canonical: it has " + width
          + " digits where the padding requires " + minDigits + "; the canonical form is "
          + format(value), id, p);
    }
    if (checkDigit) {
      if ((id.charAt(end) - '0') * 100 != state) {
        return fail(quiet, "ID " + quote(id) + " has a wrong check digit '" + id.charAt(end)
            + "' at index " + end + " (a digit was mistyped or two were swapped)", id, end);
      }
    }
    return value;
  }

  /**
   * For a number with a leading zero at {@code p}: {@code "; the canonical form is PL7"} when the digits
   * up to {@code end} are few enough to read and denote a number in range, else nothing.
   */
  private String canonicalHint(CharSequence id, int p, int end) {
    if (end - p > HINT_WIDTH) {
      return "";
    }
    long value = 0;
    for (int i = p; i < end; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9' || value > (Long.MAX_VALUE - (c - '0')) / 10) {
        return "";
      }
      value = value * 10 + (c - '0');
    }
    return value == 0 ? "" : "; the canonical form is " + format(value);
  }

  private static long fail(boolean quiet, String message, CharSequence input, int index) {
    if (quiet) {
      return INVALID;
    }
    throw new InvalidIdException(message, input == null ? "null" : kept(input), index);
  }

  /** The input for {@link InvalidIdException#input()}: whole, or its first {@value #KEPT_LENGTH}. */
  private static String kept(CharSequence input) {
    if (input instanceof String && input.length() <= KEPT_LENGTH) {
      return (String) input;
    }
    StringBuilder sb = new StringBuilder(Math.min(input.length(), KEPT_LENGTH));
    for (int i = 0; i < input.length() && i < KEPT_LENGTH; i++) {
      sb.append(input.charAt(i));
    }
    return sb.toString();
  }

  /** The input for a message: quoted short and escaped, as {@link StoreArguments#quote} does. */
  static String quote(CharSequence input) {
    return StoreArguments.quote(input);
  }

  private String example() {
    return "an ID like " + format(24);
  }

  /**
   * Whether {@code typed} is {@code prefixChar} in another ASCII letter case. Only ASCII: {@code
   * Character.toUpperCase} would also map U+0131 (dotless i) to {@code I} and U+017F (long s) to
   * {@code S}. The prefix is ASCII by construction.
   */
  private static boolean equalsIgnoreAsciiCase(char typed, char prefixChar) {
    return typed < 128 && Character.toUpperCase(typed) == Character.toUpperCase(prefixChar);
  }

  /**
   * A character for a message: shown itself only when it is visible and {@link StoreArguments#quote}
   * would show it unescaped.
   */
  private static String describe(char c) {
    String code = String.format(Locale.ROOT, "U+%04X", (int) c);
    boolean shownAsItself = !Character.isWhitespace(c)
        && StoreArguments.quote(String.valueOf(c)).equals("\"" + c + "\"");
    return !shownAsItself
        ? "the character " + code
        : "'" + c + "' (" + code + ")";
  }

  /**
   * The Damm check digit of the decimal digits of {@code value}, most significant first (leading zeros
   * would change nothing). Pairs of digits are peeled off the low end into a packed long, 7 bits a
   * pair, and fed back from the high end through {@link #DAMM_PAIRS}: no division by a variable, no
   * array allocated.
   */
  private static int damm(long value) {
    if (value < 100_000_000) {
      // Up to 8 digits, the common case: four pairs, each split off by a division by a constant, all
      // independent of each other; only the four look-ups form a chain.
      int v = (int) value;
      int state = DAMM_PAIRS[v / 1_000_000];
      state = DAMM_PAIRS[state + v / 10_000 % 100];
      state = DAMM_PAIRS[state + v / 100 % 100];
      return DAMM_PAIRS[state + v % 100] / 100;
    }
    if (value >= TEN_TO_16) {
      // The top (at most 3) digits first, then exactly 16 more, inner zeros included.
      return dammPairs(dammPairs(0, value / TEN_TO_16, 2), value % TEN_TO_16, 8) / 100;
    }
    return dammPairs(0, value, (digitCount(value) + 1) >> 1) / 100;
  }

  /**
   * Continues the Damm state (times 100) over the last {@code pairs} pairs of digits of {@code v}
   * and returns the new state, times 100.
   */
  private static int dammPairs(int state, long v, int pairs) {
    long packed = 0;
    for (int k = 0; k < pairs; k++) {
      long q = v / 100;
      packed = (packed << 7) | (v - q * 100);
      v = q;
    }
    for (int k = 0; k < pairs; k++) {
      state = DAMM_PAIRS[state + (int) (packed & 0x7F)];
      packed >>>= 7;
    }
    return state;
  }

  static int digitCount(long value) {
    if (value < 10) {
      return 1;
    }
    // floor(log10(2^bits)) is bits * 1233 >> 12 for bits < 64: the count or one less.
    int t = ((64 - Long.numberOfLeadingZeros(value)) * 1233) >>> 12;
    return value < POW10[t] ? t : t + 1;
  }

  /**
   * Two formats are equal when they have the same prefix, width and check-digit setting, that is when
   * they produce and accept exactly the same IDs.
   *
   * @param o the other object
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof IdFormat)) {
      return false;
    }
    IdFormat other = (IdFormat) o;
    return prefix.equals(other.prefix) && minDigits == other.minDigits
        && checkDigit == other.checkDigit;
  }

  /**
   * Returns a hash code consistent with {@link #equals}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(prefix, minDigits, checkDigit);
  }

  /**
   * Describes the format, for logs and messages.
   *
   * @return for example {@code IdFormat[prefix=PL, minDigits=1, checkDigit=false]}
   */
  @Override
  public String toString() {
    return "IdFormat[prefix=" + prefix + ", minDigits=" + minDigits + ", checkDigit=" + checkDigit
        + "]";
  }

  /** Builds an {@link IdFormat}. Not thread-safe; the built format is. */
  public static final class Builder {
    private String prefix = "PL";
    private int minDigits = 1;
    private boolean checkDigit;

    private Builder() {}

    /**
     * Sets the prefix (default {@code PL}).
     *
     * @param prefix one to {@value IdFormat#MAX_PREFIX_LENGTH} ASCII letters or digits, not ending in
     *     a digit
     * @return this builder
     * @throws NullPointerException if {@code prefix} is null
     */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * Sets the minimum number of digits; shorter numbers get leading zeros (default 1: no padding).
     *
     * @param minDigits 1 to {@value IdFormat#MAX_MIN_DIGITS}
     * @return this builder
     */
    public Builder minDigits(int minDigits) {
      this.minDigits = minDigits;
      return this;
    }

    /**
     * Appends a Damm check digit to every ID (default off).
     *
     * @param checkDigit whether to append a check digit
     * @return this builder
     */
    public Builder checkDigit(boolean checkDigit) {
      this.checkDigit = checkDigit;
      return this;
    }

    /**
     * Validates the settings and builds the format.
     *
     * @return the format
     * @throws InvalidConfigurationException naming the setting and the rejected value
     */
    public IdFormat build() {
      validatePrefix(prefix);
      if (minDigits < 1 || minDigits > MAX_MIN_DIGITS) {
        throw new InvalidConfigurationException(
            "minDigits must be between 1 and " + MAX_MIN_DIGITS + ", was " + minDigits);
      }
      if (prefix.equals(DEFAULT.prefix) && minDigits == 1 && !checkDigit) {
        return DEFAULT;
      }
      return new IdFormat(prefix, minDigits, checkDigit);
    }

    private static void validatePrefix(String prefix) {
      if (prefix.isEmpty()) {
        throw new InvalidConfigurationException("ID prefix must not be empty");
      }
      if (prefix.length() > MAX_PREFIX_LENGTH) {
        throw new InvalidConfigurationException("ID prefix \"" + prefix + "\" is " + prefix.length()
            + " characters long; the maximum is " + MAX_PREFIX_LENGTH);
      }
      for (int i = 0; i < prefix.length(); i++) {
        char c = prefix.charAt(i);
        boolean letterOrDigit =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!letterOrDigit) {
          throw new InvalidConfigurationException("ID prefix \"" + prefix + "\" has "
              + describe(c) + " at index " + i + "; only ASCII letters and digits are allowed");
        }
      }
      char last = prefix.charAt(prefix.length() - 1);
      if (last >= '0' && last <= '9') {
        throw new InvalidConfigurationException("ID prefix \"" + prefix
            + "\" ends in a digit; the boundary between prefix and number would be ambiguous");
      }
    }
  }
}
