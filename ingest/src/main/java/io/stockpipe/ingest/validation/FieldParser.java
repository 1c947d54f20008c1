package io.stockpipe.ingest.validation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Strict parsing of the text fields of a bar: plain decimals only (no hex, no type suffixes), NaN
 * and infinities named as such, dates in one fixed pattern, nothing after today.
 */
public final class FieldParser {
  private final LocalDate today;

  /** "Today" is read once from the clock: one ingest run has one today. */
  public FieldParser(Clock clock) {
    this.today = LocalDate.now(clock);
  }

  /** Empty or Yahoo's "null" is a missing value. */
  public static boolean isMissing(String text) {
    return text == null || text.isBlank() || text.equalsIgnoreCase("null");
  }

  public LocalDate date(String text, DateTimeFormatter pattern) {
    if (isMissing(text)) {
      throw new InvalidBarException(RejectRule.MISSING_VALUE, "date is missing");
    }
    LocalDate date;
    try {
      String trimmed = text.trim();
      date =
          pattern == DateTimeFormatter.ISO_LOCAL_DATE
              ? isoDate(trimmed)
              : LocalDate.parse(trimmed, pattern);
    } catch (DateTimeException e) {
      throw new InvalidBarException(
          RejectRule.UNPARSABLE_DATE, "date '" + text + "' is not a valid date");
    }
    if (date.isAfter(today)) {
      throw new InvalidBarException(
          RejectRule.FUTURE_DATE, "date " + date + " is in the future (today is " + today + ")");
    }
    return date;
  }

  /**
   * yyyy-MM-dd without the formatter's generality: parsing dates was a fifth of the time of a large
   * ingest. Anything else falls back to the formatter (which then names the problem).
   */
  private static LocalDate isoDate(String text) {
    if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 7);
      int day = digits(text, 8, 10);
      if (year >= 0 && month >= 0 && day >= 0) {
        return LocalDate.of(year, month, day);
      }
    }
    return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
  }

  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!isAsciiDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** A price, or null when the field is empty. */
  public static BigDecimal optionalPrice(String column, String text) {
    return isMissing(text) ? null : price(column, text);
  }

  public static BigDecimal requiredPrice(String column, String text) {
    if (isMissing(text)) {
      throw new InvalidBarException(RejectRule.MISSING_VALUE, column + " is missing");
    }
    return price(column, text);
  }

  private static BigDecimal price(String column, String text) {
    String value = text.trim();
    BigDecimal small = smallDecimal(value);
    if (small != null) {
      return small;
    }
    if (!isPlainDecimal(value)) {
      String lower = value.toLowerCase(java.util.Locale.ROOT);
      if (lower.equals("nan") || lower.contains("inf")) {
        throw new InvalidBarException(
            RejectRule.NOT_A_NUMBER, column + " is '" + text + "', not a number");
      }
      throw new InvalidBarException(
          RejectRule.UNPARSABLE_NUMBER, column + " '" + text + "' is not a number");
    }
    return new BigDecimal(value);
  }

  /**
   * [+-]digits[.digits] with at most 18 digits, as {@code new BigDecimal(value)} would read it
   * (same unscaled value, same scale) but without its parser: most of a large ingest's prices. Null
   * for anything else, which then goes the general way.
   */
  static BigDecimal smallDecimal(String value) {
    int n = value.length();
    int i = 0;
    boolean negative = false;
    if (n > 0 && (value.charAt(0) == '+' || value.charAt(0) == '-')) {
      negative = value.charAt(0) == '-';
      i++;
    }
    long unscaled = 0;
    int digits = 0;
    int scale = 0;
    boolean point = false;
    for (; i < n; i++) {
      char c = value.charAt(i);
      if (isAsciiDigit(c)) {
        if (++digits > 18) {
          return null;
        }
        unscaled = unscaled * 10 + (c - '0');
        scale += point ? 1 : 0;
      } else if (c == '.' && !point) {
        point = true;
      } else {
        return null;
      }
    }
    return digits == 0 ? null : BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
  }

  /** A share count: an integer, or a decimal whose fraction is zero ("8407500.0"). */
  public static long volume(String text) {
    if (isMissing(text)) {
      throw new InvalidBarException(RejectRule.MISSING_VALUE, "volume is missing");
    }
    String trimmed = text.trim();
    if (trimmed.length() <= 18 && allAsciiDigits(trimmed)) {
      return Long.parseLong(trimmed); // the common case, without a BigDecimal
    }
    BigDecimal value = price("volume", text);
    try {
      return value.stripTrailingZeros().longValueExact();
    } catch (ArithmeticException e) {
      throw new InvalidBarException(
          RejectRule.UNPARSABLE_NUMBER, "volume '" + text + "' is not a whole number of shares");
    }
  }

  private static boolean allAsciiDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!isAsciiDigit(text.charAt(i))) {
        return false;
      }
    }
    return !text.isEmpty();
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** [+-]digits[.digits][e[+-]digits] — what PostgreSQL's numeric and BigDecimal both accept. */
  static boolean isPlainDecimal(String value) {
    int i = 0;
    int n = value.length();
    if (i < n && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && isAsciiDigit(value.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && value.charAt(i) == '.') {
      i++;
      while (i < n && isAsciiDigit(value.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (value.charAt(i) == 'e' || value.charAt(i) == 'E')) {
      i++;
      if (i < n && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < n && isAsciiDigit(value.charAt(i))) {
        i++;
        exponentDigits++;
      }
      if (exponentDigits == 0) {
        return false;
      }
    }
    return i == n;
  }
}
