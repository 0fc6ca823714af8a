package io.github.customerid.mongo.customers;

import io.github.customerid.core.IdFormat;
import io.github.customerid.core.InvalidIdException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads every spelling of an ID that a format with the same prefix can produce, so that a change of
 * padding or check digit does not hide the IDs stored before it.
 *
 * <p>The reading of a stored string: if it is canonical in the current format, its number; otherwise,
 * if it is the prefix followed by ASCII digits that are not all zeros (any padding, with or without a
 * check digit), the larger of its two readings: all digits as the number (a format without check digit
 * wrote it), or all digits but the last when the last is a valid check digit (a format with one wrote
 * it). The larger reading is the safe one for a highest-number scan: the counter may jump further than
 * needed, but never stays below a stored number.
 *
 * <p>A value canonical in a check-digit format is ambiguous too ({@code PL13} is 1 with check digit 3,
 * or 13 written without check digit), but it is mostly this format's own writing, so the larger
 * reading cannot be the rule: every reconcile would multiply the counter by ten. Scans of all stored
 * values ({@link #numberOf(Object, long)}) read it as its plain number only when its check-digit
 * number lies within the numbers a format without check digit handed out, as far as the data shows
 * (the highest value that only such a format can have written). An old plain ID more than ten times
 * the highest such value is read as its check-digit number; the assigner's collision checks then
 * step past it when the counter reaches it.
 */
final class Spellings {

  private final IdFormat format;
  private final IdFormat plain;
  private final IdFormat checked;

  Spellings(IdFormat format) {
    this.format = format;
    this.plain = IdFormat.builder().prefix(format.prefix()).minDigits(1).checkDigit(false).build();
    this.checked = IdFormat.builder().prefix(format.prefix()).minDigits(1).checkDigit(true).build();
  }

  /** The number a stored value spells, or empty if it is not a string spelling an ID. */
  OptionalLong numberOf(Object stored) {
    if (!(stored instanceof String)) {
      return OptionalLong.empty();
    }
    String s = (String) stored;
    if (s.length() > IdFormat.MAX_NORMALIZE_LENGTH) {
      return OptionalLong.empty(); // not an ID in any spelling; not worth reading
    }
    OptionalLong canonical = format.tryParse(s);
    if (canonical.isPresent()) {
      return canonical;
    }
    String unpadded = unpadded(s);
    if (unpadded == null) {
      return OptionalLong.empty();
    }
    OptionalLong all = plain.tryParse(unpadded);
    return all.isPresent() ? all : checked.tryParse(unpadded);
  }

  /**
   * The number of a stored value that only a format without check digit can have written: the prefix
   * and digits (any padding) whose last digit is not their check digit; empty for anything else.
   */
  OptionalLong plainOnlyNumberOf(Object stored) {
    if (!(stored instanceof String) || ((String) stored).length() > IdFormat.MAX_NORMALIZE_LENGTH) {
      return OptionalLong.empty();
    }
    String unpadded = unpadded((String) stored);
    if (unpadded == null || checked.isValid(unpadded)) {
      return OptionalLong.empty();
    }
    return plain.tryParse(unpadded);
  }

  /**
   * The number of a stored value for the scans of all stored values (the highest number, duplicates):
   * {@link #numberOf}, except that an ID canonical in a check-digit format is read as its plain number
   * (PL13: 13, not 1 with check digit 3) when its check-digit number is at most {@code
   * highestPlainOnly}, the highest {@link #plainOnlyNumberOf} stored: it lies within the numbers that
   * a format without check digit handed out, so it may be one of them. An ID above that range was
   * written after the switch to the check digit; reading those as plain numbers too would multiply
   * the counter by ten at every reconcile.
   */
  OptionalLong numberOf(Object stored, long highestPlainOnly) {
    OptionalLong n = numberOf(stored);
    if (n.isEmpty() || !format.hasCheckDigit() || n.getAsLong() > highestPlainOnly
        || !isCanonical(stored)) {
      return n;
    }
    OptionalLong asPlain = plain.tryParse(unpadded((String) stored));
    return asPlain.isPresent() ? asPlain : n;
  }

  /** Whether {@code stored} is the current format's own spelling. */
  boolean isCanonical(Object stored) {
    return stored instanceof String && format.isValid((String) stored);
  }

  /**
   * Every string whose reading is {@code n}, the canonical one first: {@code n} padded to any width
   * up to 19 digits, with and without its check digit, as far as each reads back as {@code n}.
   */
  List<String> spellingsOf(long n) {
    List<String> result = new ArrayList<>();
    result.add(format.format(n));
    String digits = Long.toString(n);
    String check = checked.format(n).substring(format.prefix().length() + digits.length());
    for (int zeros = 0; digits.length() + zeros <= IdFormat.MAX_MIN_DIGITS; zeros++) {
      String padded = format.prefix() + "0".repeat(zeros) + digits;
      for (String candidate : new String[] {padded, padded + check}) {
        if (!result.contains(candidate) && numberOf(candidate).orElse(-1) == n) {
          result.add(candidate);
        }
      }
    }
    return result;
  }

  /**
   * The stored spellings a person means by {@code typed}, canonical first: the number of a typed ID
   * valid in the current format apart from its padding; or, when the format has a check digit and the
   * typed one is wrong, only the plain spellings that a format without check digit wrote (so that a
   * typo never finds another customer through its canonical ID). Empty when {@code typed} is not the
   * prefix followed by digits, or spells zero. Forgives the surrounding spaces {@link
   * IdFormat#normalize} forgives.
   *
   * @throws InvalidIdException if {@code typed} is null or longer than {@link
   *     IdFormat#MAX_NORMALIZE_LENGTH}, before reading it
   */
  Meant spellingsMeantBy(CharSequence typed) {
    String t = IdFormat.strip(typed); // the spaces normalize forgives; a huge input is not read
    String prefix = format.prefix();
    if (t.length() <= prefix.length() || !t.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return Meant.NOTHING;
    }
    String unpadded = unpadded(prefix + t.substring(prefix.length()));
    if (unpadded == null) {
      return Meant.NOTHING;
    }
    IdFormat mode = format.hasCheckDigit() ? checked : plain;
    OptionalLong n = mode.tryParse(unpadded);
    if (n.isPresent()) {
      return new Meant(spellingsOf(n.getAsLong()), true);
    }
    if (!format.hasCheckDigit()) {
      return Meant.NOTHING;
    }
    OptionalLong old = plain.tryParse(unpadded);
    if (old.isEmpty()) {
      return Meant.NOTHING;
    }
    List<String> result = new ArrayList<>(spellingsOf(old.getAsLong()));
    result.removeIf(s -> isCanonical(s) || checked.isValid(unpadded(s)));
    return new Meant(List.copyOf(result), false);
  }

  /**
   * What a typed ID may denote.
   *
   * @param spellings the stored strings to look for, the canonical one first when there is one
   * @param validInFormat whether the typed ID is valid in the current format apart from padding;
   *     when not, finding nothing is the format's error (a wrong check digit), not "no such customer"
   */
  record Meant(List<String> spellings, boolean validInFormat) {
    static final Meant NOTHING = new Meant(List.of(), false);
  }

  /** The prefix and the digits without leading zeros; null unless {@code s} is prefix + digits. */
  private String unpadded(String s) {
    String prefix = format.prefix();
    if (!s.startsWith(prefix) || s.length() == prefix.length()) {
      return null;
    }
    int i = prefix.length();
    for (int j = i; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return prefix + s.substring(i);
  }
}
