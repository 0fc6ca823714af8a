package io.github.customerid.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.customerid.core.CounterExhaustedException;
import io.github.customerid.core.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoreArgumentsTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "z", "A", "Z", "0", "9", "_", "-", ".", ":", "customerId",
      "tenant-1:orders.v2_eu"})
  void shouldAcceptEveryAllowedCharacter(String name) {
    assertThat(StoreArguments.checkSequence(name)).isSameAs(name);
  }

  @Test
  void shouldAcceptTheLongestName() {
    String longest = "x".repeat(StoreArguments.MAX_SEQUENCE_LENGTH);
    assertThat(StoreArguments.checkSequence(longest)).isSameAs(longest);
  }

  /** The neighbours in ASCII of every allowed range, and a few that look harmless. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "ab`c|2|'`' U+0060", "ab{c|2|'{' U+007B", "ab@c|2|'@' U+0040", "ab[c|2|'[' U+005B",
      "ab/c|2|'/' U+002F", "ab;c|2|';' U+003B", "ab,c|2|',' U+002C", "ab^c|2|'^' U+005E",
      "ab c|2|U+0020", "na\u00efve|2|'\u00ef' U+00EF", "$inc|0|'$' U+0024"})
  void shouldNameTheOffendingCharacterAndItsIndex(String name, int index, String described) {
    assertThatThrownBy(() -> StoreArguments.checkSequence(name))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("sequence name \"" + name + "\"")
        .hasMessageContaining("at index " + index + " (" + described + ")");
  }

  @Test
  void shouldNeverPutARawControlCharacterIntoAMessage() {
    assertThatThrownBy(() -> StoreArguments.checkSequence("a\nINFO forged\r\u2028\u202E"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("\"a\\nINFO forged\\r\\u2028\\u202E\"")
        .hasMessageContaining("at index 1 (U+000A)")
        .satisfies(e -> assertThat(e.getMessage().chars()).noneMatch(
            c -> Character.isISOControl(c) || c == 0x2028 || c == 0x202E));
  }

  @Test
  void shouldQuoteShortInputWholeAndEscaped() {
    assertThat(StoreArguments.quote("PL1")).isEqualTo("\"PL1\"");
    assertThat(StoreArguments.quote("a\"b\\c\td\u202Ee f"))
        .isEqualTo("\"a\\\"b\\\\c\\td\\u202Ee f\"");
    assertThat(StoreArguments.quote(new StringBuilder("x\u0000"))).isEqualTo("\"x\\u0000\"");
  }

  @Test
  void shouldQuoteOnlyTheFirst64CharactersOfALongInputAndSayHowLongItWas() {
    String cut = StoreArguments.quote("y".repeat(64) + "\n" + "z".repeat(10_000));
    assertThat(cut).isEqualTo("\"" + "y".repeat(64) + "\"... (10065 characters)");
    assertThat(StoreArguments.quote("y".repeat(64))).isEqualTo("\"" + "y".repeat(64) + "\"");
  }

  @Test
  void shouldEscapeDeleteAndKeepPlainSpaces() {
    assertThatThrownBy(() -> StoreArguments.checkSequence("a\u007Fb c"))
        .hasMessageContaining("\"a\\u007Fb c\"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u007F"));
  }

  @Test
  void shouldRejectEmptyTooLongAndNullNames() {
    assertThatThrownBy(() -> StoreArguments.checkSequence(""))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> StoreArguments.checkSequence("x".repeat(129)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("129 characters")
        .hasMessageContaining("maximum is 128");
    assertThatThrownBy(() -> StoreArguments.checkSequence(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("sequence");
  }

  @Test
  void shouldCheckCounts() {
    assertThat(StoreArguments.checkCount(1)).isEqualTo(1);
    assertThat(StoreArguments.checkCount(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> StoreArguments.checkCount(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must be at least 1, was 0");
    assertThatThrownBy(() -> StoreArguments.checkCount(Long.MIN_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(Long.MIN_VALUE));
  }

  @Test
  void shouldCheckLastValues() {
    assertThat(StoreArguments.checkLastValue(0)).isZero();
    assertThat(StoreArguments.checkLastValue(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> StoreArguments.checkLastValue(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("last value must be at least 0, was -1");
  }

  @Test
  void shouldCheckGiveBacks() {
    StoreArguments.checkGiveBack(10, 9);
    StoreArguments.checkGiveBack(10, 0);
    assertThatThrownBy(() -> StoreArguments.checkGiveBack(10, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10");
    assertThatThrownBy(() -> StoreArguments.checkGiveBack(10, 11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("11");
    assertThatThrownBy(() -> StoreArguments.checkGiveBack(10, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void shouldAddUpToLongMaxValueAndNotBeyond() {
    assertThat(StoreArguments.checkedAdd("s", 0, 1)).isEqualTo(1);
    assertThat(StoreArguments.checkedAdd("s", 5, 7)).isEqualTo(12);
    assertThat(StoreArguments.checkedAdd("s", Long.MAX_VALUE - 1, 1)).isEqualTo(Long.MAX_VALUE);
    assertThat(StoreArguments.checkedAdd("s", 0, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> StoreArguments.checkedAdd("orders", Long.MAX_VALUE - 1, 2))
        .isInstanceOf(CounterExhaustedException.class)
        .hasMessage("sequence \"orders\" is exhausted: counter is at " + (Long.MAX_VALUE - 1)
            + ", allocating 2 more would exceed " + Long.MAX_VALUE);
    assertThatThrownBy(() -> StoreArguments.checkedAdd("orders", Long.MAX_VALUE, 1))
        .isInstanceOf(CounterExhaustedException.class);
  }
}
