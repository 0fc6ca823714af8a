package io.github.customerid.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdFormatTest {

  private static final IdFormat PL = IdFormat.defaultFormat();
  private static final IdFormat PADDED = IdFormat.builder().minDigits(4).build();
  private static final IdFormat CHECKED = IdFormat.builder().checkDigit(true).build();
  private static final IdFormat PADDED_CHECKED =
      IdFormat.builder().prefix("CUST").minDigits(6).checkDigit(true).build();

  static Stream<IdFormat> formats() {
    return Stream.of(PL, PADDED, CHECKED, PADDED_CHECKED, IdFormat.of("x"),
        IdFormat.builder().minDigits(19).build());
  }

  @Nested
  class Formatting {

    @Test
    void shouldFormatIdsLikeTheNodeMongooseSystemThisLibraryReplaces() {
      assertThat(PL.format(1)).isEqualTo("PL1");
      assertThat(PL.format(24)).isEqualTo("PL24");
      assertThat(PL.format(Long.MAX_VALUE)).isEqualTo("PL9223372036854775807");
    }

    @Test
    void shouldPadToTheMinimumWidthOnly() {
      assertThat(PADDED.format(7)).isEqualTo("PL0007");
      assertThat(PADDED.format(9999)).isEqualTo("PL9999");
      assertThat(PADDED.format(10000)).isEqualTo("PL10000");
    }

    @Test
    void shouldAppendTheDammCheckDigit() {
      // 572 -> 4 is the worked example of the Damm algorithm.
      assertThat(CHECKED.format(572)).isEqualTo("PL5724");
      assertThat(CHECKED.format(1)).isEqualTo("PL13");
      assertThat(PADDED_CHECKED.format(572)).isEqualTo("CUST0005724");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void shouldRejectNumbersBelowOne(long value) {
      assertThatThrownBy(() -> PL.format(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(String.valueOf(value));
    }
  }

  @Nested
  class RoundTrip {

    @ParameterizedTest
    @MethodSource("io.github.customerid.core.IdFormatTest#formats")
    void shouldParseWhatItFormatsAtTheEdges(IdFormat format) {
      List<Long> edges = new ArrayList<>(List.of(1L, 9L, 10L, 11L, 99L, 100L, Long.MAX_VALUE,
          Long.MAX_VALUE - 1, (long) Integer.MAX_VALUE, (long) Integer.MAX_VALUE + 1));
      long power = 1;
      for (int i = 0; i < 18; i++) {
        power *= 10;
        edges.add(power - 1); // every padding boundary: 9, 99, 999 ...
        edges.add(power);
        edges.add(power + 1);
      }
      for (long n : edges) {
        String id = format.format(n);
        assertThat(format.parse(id)).as(id).isEqualTo(n);
        assertThat(format.tryParse(id)).hasValue(n);
        assertThat(format.isValid(id)).isTrue();
        assertThat(format.normalize(" " + id.toLowerCase() + "\t")).isEqualTo(id);
      }
    }

    @ParameterizedTest
    @MethodSource("io.github.customerid.core.IdFormatTest#formats")
    void shouldParseWhatItFormatsForARandomSample(IdFormat format) {
      SplittableRandom random = new SplittableRandom(20261125L);
      for (int i = 0; i < 200_000; i++) {
        // Spread over every magnitude, not just huge numbers.
        long n = 1 + (random.nextLong(Long.MAX_VALUE) >>> random.nextInt(63));
        String id = format.format(n);
        assertThat(format.parse(id)).as(id).isEqualTo(n);
      }
    }
  }

  @Nested
  class StrictParsing {

    @ParameterizedTest
    @ValueSource(strings = {"PL01", "PL0", "PL00", "PL-1", "PL+1", "PL", "", "pl1", "XX1", "PL1 ",
        " PL1", "PL1a", "PL 1", "PL\u0661", "PL\uFF11", "PL9223372036854775808",
        "PL99999999999999999999", "P", "PLL1", "PL1.0"})
    void shouldRejectNonCanonicalInput(String input) {
      assertThatThrownBy(() -> PL.parse(input))
          .isInstanceOf(InvalidIdException.class)
          .hasMessageContaining(input.isEmpty() ? "empty" : input);
      assertThat(PL.tryParse(input)).isEmpty();
      assertThat(PL.isValid(input)).isFalse();
    }

    @ParameterizedTest
    @NullSource
    void shouldRejectNull(String input) {
      assertThatThrownBy(() -> PL.parse(input))
          .isInstanceOf(InvalidIdException.class)
          .hasMessageContaining("null");
      assertThat(PL.tryParse(input)).isEmpty();
      assertThatThrownBy(() -> PL.normalize(input)).isInstanceOf(InvalidIdException.class);
    }

    @Test
    void shouldSayWhatIsWrongAndWhere() {
      assertThatThrownBy(() -> PL.parse("PL01"))
          .isInstanceOf(InvalidIdException.class)
          .hasMessageContaining("leading zero at index 2")
          .hasMessageContaining("PL1")
          .satisfies(e -> assertThat(((InvalidIdException) e).errorIndex()).isEqualTo(2));
      assertThatThrownBy(() -> PL.parse("PL1x3"))
          .hasMessageContaining("'x'")
          .hasMessageContaining("index 3");
      assertThatThrownBy(() -> PL.parse("QL1")).hasMessageContaining("prefix \"PL\"");
      assertThatThrownBy(() -> PL.parse("PL0")).hasMessageContaining("number 0");
      assertThatThrownBy(() -> PL.parse("PL9223372036854775808")).hasMessageContaining("overflow");
      assertThatThrownBy(() -> PL.parse("PL\u0661")).hasMessageContaining("U+0661");
    }

    @Test
    void shouldSayWhatAnIdLooksLikeWhenThereIsNone() {
      assertThatThrownBy(() -> PL.parse("")).hasMessageContaining("an ID like PL24");
      assertThatThrownBy(() -> PADDED.parse("PL")).hasMessageContaining("an ID like PL0024");
      assertThatThrownBy(() -> CHECKED.parse("P")).hasMessageContaining("an ID like PL241");
    }

    @Test
    void shouldRequireTheExactPadding() {
      assertThat(PADDED.tryParse("PL7")).isEmpty();
      assertThat(PADDED.isValid("PL7")).isFalse();
      assertThat(PADDED.tryParse("PL00007")).isEmpty();
      assertThat(PADDED.parse("PL0007")).isEqualTo(7);
      assertThat(PADDED.parse("PL12345")).isEqualTo(12345);
      assertThatThrownBy(() -> PADDED.parse("PL7")).hasMessageContaining("PL0007");
      assertThatThrownBy(() -> PADDED.parse("PL00007")).hasMessageContaining("PL0007");
      assertThatThrownBy(() -> PADDED.parse("PL012345")).hasMessageContaining("leading zero");
    }

    @Test
    void shouldAcceptLongMaxValueAndNothingBeyond() {
      assertThat(PL.parse("PL9223372036854775807")).isEqualTo(Long.MAX_VALUE);
      assertThat(PL.tryParse("PL9223372036854775808")).isEmpty();
      assertThat(PL.tryParse("PL18446744073709551617")).isEmpty(); // wraps to 1 in 64 bits
    }
  }

  @Nested
  class CheckDigit {

    @Test
    void shouldRejectAWrongCheckDigit() {
      assertThatThrownBy(() -> CHECKED.parse("PL5725"))
          .isInstanceOf(InvalidIdException.class)
          .hasMessageContaining("check digit")
          .satisfies(e -> assertThat(((InvalidIdException) e).errorIndex()).isEqualTo(5));
      assertThatThrownBy(() -> CHECKED.parse("PL"))
          .isInstanceOf(InvalidIdException.class);
      assertThatThrownBy(() -> CHECKED.parse("PL4"))
          .hasMessageContaining("no number");
    }

    @Test
    void shouldCatchEverySingleDigitTypoAndEveryAdjacentTransposition() {
      SplittableRandom random = new SplittableRandom(7);
      for (int sample = 0; sample < 3_000; sample++) {
        long n = 1 + random.nextLong(1_000_000_000_000L);
        String id = PADDED_CHECKED.format(n);
        char[] chars = id.toCharArray();
        int from = PADDED_CHECKED.prefix().length();
        for (int i = from; i < chars.length; i++) {
          for (char d = '0'; d <= '9'; d++) {
            if (d == id.charAt(i)) {
              continue;
            }
            char[] typo = chars.clone();
            typo[i] = d;
            assertThat(PADDED_CHECKED.isValid(new String(typo))).as("typo of %s", id).isFalse();
          }
          if (i + 1 < chars.length && chars[i] != chars[i + 1]) {
            char[] swapped = chars.clone();
            swapped[i] = chars[i + 1];
            swapped[i + 1] = chars[i];
            assertThat(PADDED_CHECKED.isValid(new String(swapped))).as("swap in %s", id).isFalse();
          }
        }
      }
    }
  }

  @Nested
  class Normalizing {

    @Test
    void shouldTrimAndCaseFoldThePrefix() {
      assertThat(PL.normalize(" pl24 ")).isEqualTo("PL24");
      assertThat(PL.normalize("Pl24")).isEqualTo("PL24");
      assertThat(PL.normalize("\u2003PL24\n")).isEqualTo("PL24");
      assertThat(PADDED.normalize("pl0024")).isEqualTo("PL0024");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pl024", "pl 24", "p l24", "24", "pl-24", "pl", "   ", "pl\u0662\u0664",
        "ql24", "pm24", "xx24"})
    void shouldStayStrictAboutTheDigits(String input) {
      assertThatThrownBy(() -> PL.normalize(input)).isInstanceOf(InvalidIdException.class);
    }

    @Test
    void shouldStripExactlyWhatNormalizeForgivesAndKeepTheRest() {
      assertThat(IdFormat.strip("\uFEFF\u00A0 pl 024\u2007\u202F\t")).isEqualTo("pl 024");
      assertThat(IdFormat.strip("\u200BPL24")).as("a zero-width space is not whitespace")
          .isEqualTo("\u200BPL24");
      assertThat(IdFormat.strip(" \n ")).isEmpty();
      assertThatThrownBy(() -> IdFormat.strip(null)).isInstanceOf(InvalidIdException.class);
      assertThatThrownBy(() -> IdFormat.strip(" ".repeat(IdFormat.MAX_NORMALIZE_LENGTH + 1)))
          .isInstanceOf(InvalidIdException.class)
          .hasMessageContaining(String.valueOf(IdFormat.MAX_NORMALIZE_LENGTH + 1));
    }
  }

  /**
   * Input from the outside world: huge, hostile or pasted from another program. Every rejection reads
   * a bounded prefix of the input (counted, not timed) and quotes only a short, escaped prefix of it.
   */
  @Nested
  class HostileInput {

    private static final int TEN_MB = 10 * 1024 * 1024;

    /**
     * A few hundred: the prefix, about 20 digits, and the copies that the message and the exception
     * keep (64 and 256 characters). The inputs are 40,000 times longer.
     */
    private static final int BOUNDED_READS = 1_000;

    /** Arguments: the format, what the input starts with, the character filling 10 MB, the reason. */
    static Stream<Arguments> hugeInputs() {
      return formats().flatMap(format -> {
        String p = format.prefix();
        return Stream.of(
            Arguments.of(format, p, '0', "leading zero"),
            Arguments.of(format, p + "1", '0', "beyond"),
            Arguments.of(format, p, '9', "beyond"),
            Arguments.of(format, p + "1", 'x', "'x'"),
            Arguments.of(format, p, '\n', "U+000A"),
            Arguments.of(format, "", '\n', "prefix"),
            Arguments.of(format, "", ' ', "prefix"));
      });
    }

    private static String huge(String head, char fill) {
      return head + String.valueOf(fill).repeat(TEN_MB);
    }

    @ParameterizedTest(name = "[{index}] {0}: {3}")
    @MethodSource("hugeInputs")
    void shouldRejectAHugeInputAfterReadingABoundedPrefix(
        IdFormat format, String head, char fill, String why) {
      CountingCharSequence input = new CountingCharSequence(huge(head, fill));
      InvalidIdException e = catchThrowableOfType(InvalidIdException.class, () -> format.parse(input));
      // Sizes first: were the input copied, a failure message must not print 10 MB.
      assertThat(e).isNotNull();
      assertThat(input.reads()).as("characters read by parse").isLessThan(BOUNDED_READS);
      assertThat(e.getMessage().length()).as("message length").isLessThan(400);
      assertThat(e.input().length()).as("input kept").isLessThanOrEqualTo(256);
      assertThat(e.getMessage()).contains(why).doesNotContain("\n");

      input.resetReads();
      assertThat(format.tryParse(input)).isEmpty();
      assertThat(format.isValid(input)).isFalse();
      assertThat(input.reads()).as("characters read by tryParse and isValid")
          .isLessThan(2 * BOUNDED_READS);
    }

    @ParameterizedTest(name = "[{index}] {0}: {3}")
    @MethodSource("hugeInputs")
    void shouldRejectAHugeInputToNormalizeWithoutReadingIt(
        IdFormat format, String head, char fill, String why) {
      CountingCharSequence input = new CountingCharSequence(huge(head, fill));
      InvalidIdException e =
          catchThrowableOfType(InvalidIdException.class, () -> format.normalize(input));
      assertThat(e).isNotNull();
      assertThat(input.reads()).as("characters read by normalize").isLessThan(BOUNDED_READS);
      assertThat(e.getMessage().length()).as("message length").isLessThan(400);
      assertThat(e.getMessage()).contains(String.valueOf(input.length())).doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PL1\nINFO forged log line", "PL1\r\nX", "\nPL1x", "PL\u0000", "PL1\u2028X",
        "PL1\u202EX", "PL\u001B[31m1", "PL1\u0085X", "PL1\u007FX"})
    void shouldNeverPutARawControlCharacterIntoAMessage(String input) {
      assertThatThrownBy(() -> PL.parse(input))
          .isInstanceOf(InvalidIdException.class)
          .satisfies(e -> assertThat(e.getMessage().chars())
              .noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                  || Character.getType(c) == Character.FORMAT));
      assertThatThrownBy(() -> PL.normalize(input))
          .isInstanceOf(InvalidIdException.class)
          .satisfies(e -> assertThat(e.getMessage().chars())
              .noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                  || Character.getType(c) == Character.FORMAT));
    }

    @Test
    void shouldEscapeControlCharactersReadably() {
      assertThatThrownBy(() -> PL.parse("PL1\nINFO x"))
          .hasMessageContaining("\"PL1\\nINFO x\"")
          .hasMessageContaining("U+000A at index 3");
      assertThatThrownBy(() -> PL.parse("PL\u0000"))
          .hasMessageContaining("\"PL\\u0000\"");
      assertThatThrownBy(() -> PL.parse("P\"L"))
          .hasMessageContaining("\"P\\\"L\"");
    }

    @Test
    void shouldQuoteOnlyAShortPrefixOfALongInput() {
      String input = "PL1" + "x".repeat(1000);
      assertThatThrownBy(() -> PL.parse(input))
          .isInstanceOf(InvalidIdException.class)
          .hasMessageContaining("\"PL1" + "x".repeat(61) + "\"...")
          .hasMessageContaining("1003 characters")
          .hasMessageNotContaining("x".repeat(62))
          .satisfies(e -> assertThat(((InvalidIdException) e).input())
              .isEqualTo(input.substring(0, 256)));
    }

    @Test
    void shouldKeepAShortInputWhole() {
      assertThatThrownBy(() -> PL.parse("PL1x"))
          .hasMessageStartingWith("ID \"PL1x\" has 'x'")
          .satisfies(e -> assertThat(((InvalidIdException) e).input()).isEqualTo("PL1x"));
      assertThatThrownBy(() -> PL.parse(new StringBuilder("PL1x")))
          .hasMessageStartingWith("ID \"PL1x\" has 'x'")
          .satisfies(e -> assertThat(((InvalidIdException) e).input()).isEqualTo("PL1x"));
      String exactlyQuoted = "PL1" + "x".repeat(61);
      assertThatThrownBy(() -> PL.parse(exactlyQuoted))
          .hasMessageStartingWith("ID \"" + exactlyQuoted + "\" has");
    }

    @Test
    void shouldKeepTheFirst256CharactersOfALongInput() {
      String input = "PL1" + "x".repeat(300);
      assertThatThrownBy(() -> PL.parse(new StringBuilder(input)))
          .satisfies(e -> assertThat(((InvalidIdException) e).input())
              .isEqualTo(input.substring(0, 256)));
      String exactly256 = "PL1" + "x".repeat(253);
      assertThatThrownBy(() -> PL.parse(exactly256))
          .satisfies(e -> assertThat(((InvalidIdException) e).input()).isEqualTo(exactly256));
    }

    @Test
    void shouldNormalizeInputOfUpTo256Characters() {
      assertThat(PL.normalize(" ".repeat(252) + "PL24")).isEqualTo("PL24");
      assertThatThrownBy(() -> PL.normalize(" ".repeat(253) + "PL24"))
          .isInstanceOf(InvalidIdException.class)
          .hasMessageContaining("257 characters");
    }

    @Test
    void shouldNameTheCanonicalFormOnlyWhileTheDigitsAreFewEnoughToRead() {
      // 64 digits are read for the hint, 65 are not.
      assertThatThrownBy(() -> PL.parse("PL" + "0".repeat(62) + "12"))
          .hasMessageContaining("canonical form is PL12");
      assertThatThrownBy(() -> PL.parse("PL" + "0".repeat(63) + "12"))
          .hasMessageContaining("leading zero at index 2")
          .hasMessageNotContaining("canonical form");
      assertThatThrownBy(() -> PL.parse("PL09"))
          .hasMessageContaining("canonical form is PL9");
      assertThatThrownBy(() -> PL.parse("PL09223372036854775807"))
          .hasMessageContaining("canonical form is PL9223372036854775807");
      assertThatThrownBy(() -> PL.parse("PL09223372036854775808"))
          .hasMessageContaining("leading zero at index 2")
          .hasMessageNotContaining("canonical form");
      assertThatThrownBy(() -> PL.parse("PL0/1"))
          .hasMessageContaining("leading zero at index 2")
          .hasMessageNotContaining("canonical form");
      assertThatThrownBy(() -> PL.parse("PL0:1"))
          .hasMessageNotContaining("canonical form");
    }

    @Test
    void shouldStillNameTheCanonicalFormOfAShortNonCanonicalInput() {
      assertThatThrownBy(() -> PL.parse("PL" + "0".repeat(30) + "7"))
          .hasMessageContaining("leading zero at index 2")
          .hasMessageContaining("canonical form is PL7");
      assertThatThrownBy(() -> CHECKED.parse("PL013"))
          .hasMessageContaining("leading zero at index 2")
          .hasMessageContaining("canonical form is PL13");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0PL24", "PL24\u00A0", "\u2007pl24\u2007", "\u202FPL24\u202F",
        "\uFEFFPL24", "\uFEFF\u00A0 pl24\u202F\u2007\r\n"})
    void shouldStripTheSpacesPeoplePasteFromOtherPrograms(String typed) {
      assertThat(PL.normalize(typed)).isEqualTo("PL24");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PL\u00A024", "PL2\u20074", "P\u202FL24", "PL\uFEFF24"})
    void shouldStillRejectThoseSpacesInsideAnId(String typed) {
      assertThatThrownBy(() -> PL.normalize(typed)).isInstanceOf(InvalidIdException.class);
    }
  }

  /** A {@link CharSequence} that counts the characters read through it and refuses to be copied. */
  static final class CountingCharSequence implements CharSequence {
    private final String text;
    private long reads;

    CountingCharSequence(String text) {
      this.text = text;
    }

    long reads() {
      return reads;
    }

    void resetReads() {
      reads = 0;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      reads++;
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      reads += end - start;
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      reads += text.length();
      return text;
    }
  }

  @Test
  void shouldFoldOnlyAsciiLetterCaseInAPrefix() {
    IdFormat si = IdFormat.of("SI");
    assertThat(si.normalize("si5")).isEqualTo("SI5");
    // Character.toUpperCase maps U+017F (long s) to S and U+0131 (dotless i) to I.
    assertThatThrownBy(() -> si.normalize("\u017Fi5")).isInstanceOf(InvalidIdException.class);
    assertThatThrownBy(() -> si.normalize("s\u01315")).isInstanceOf(InvalidIdException.class);
  }

  @Nested
  class Configuration {

    static Stream<Arguments> badPrefixes() {
      return Stream.of(
          Arguments.of("", "empty"),
          Arguments.of("PL1", "ends in a digit"),
          Arguments.of("P-L", "'-'"),
          Arguments.of("P L", "U+0020"),
          Arguments.of("PÉ", "'É'"),
          Arguments.of("A".repeat(33), "33"));
    }

    @ParameterizedTest
    @MethodSource("badPrefixes")
    void shouldRejectBadPrefixesWithTheReason(String prefix, String reason) {
      assertThatThrownBy(() -> IdFormat.of(prefix))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 20})
    void shouldRejectBadWidths(int width) {
      assertThatThrownBy(() -> IdFormat.builder().minDigits(width).build())
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining(String.valueOf(width));
    }

    @Test
    void shouldAcceptDigitsInsideThePrefix() {
      IdFormat f = IdFormat.of("A1B");
      assertThat(f.format(5)).isEqualTo("A1B5");
      assertThat(f.parse("A1B5")).isEqualTo(5);
    }

    @Test
    void shouldBeAValue() {
      assertThat(IdFormat.of("PL")).isEqualTo(PL).hasSameHashCodeAs(PL);
      assertThat(IdFormat.builder().minDigits(4).build()).isEqualTo(PADDED);
      assertThat(PADDED).isNotEqualTo(PL).isNotEqualTo(CHECKED);
      assertThat(PADDED.toString()).contains("PL", "4");
      assertThat(PL.prefix()).isEqualTo("PL");
      assertThat(PADDED.minDigits()).isEqualTo(4);
      assertThat(CHECKED.hasCheckDigit()).isTrue();
      assertThat(PL.hasCheckDigit()).isFalse();
      assertThat(PL).isNotEqualTo("PL").isNotEqualTo(null);
      assertThat(IdFormat.builder().prefix("CUST").minDigits(6).checkDigit(true).build())
          .isEqualTo(PADDED_CHECKED).hasSameHashCodeAs(PADDED_CHECKED);
      assertThat(IdFormat.builder().checkDigit(true).build()).isEqualTo(CHECKED).isNotEqualTo(PL);
      assertThat(Stream.of(PL, PADDED, CHECKED, PADDED_CHECKED).map(IdFormat::hashCode).distinct())
          .as("hash codes of different formats").hasSize(4);
    }

    @Test
    void shouldAcceptEveryAsciiLetterAndDigitInAPrefixOfUpToMaxLength() {
      IdFormat edges = IdFormat.of("az09AZx");
      assertThat(edges.parse(edges.format(7))).isEqualTo(7);
      String longest = "Q".repeat(IdFormat.MAX_PREFIX_LENGTH);
      assertThat(IdFormat.of(longest).format(1)).isEqualTo(longest + "1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PL0", "PL9", "a@", "a[", "a`", "a{", "a/", "a:"})
    void shouldRejectPrefixesJustOutsideTheRules(String prefix) {
      assertThatThrownBy(() -> IdFormat.of(prefix)).isInstanceOf(InvalidConfigurationException.class);
    }
  }
}
