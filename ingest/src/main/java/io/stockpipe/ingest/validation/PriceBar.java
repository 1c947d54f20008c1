package io.stockpipe.ingest.validation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One daily bar, valid by construction. {@code open}, {@code high}, {@code low} and {@code
 * adjClose} may be null: real data has close-only bars (see the shared data's README), and a close
 * without its range is still a close. The checks that involve the range use the values present.
 *
 * <p>Open or close outside [low, high] is refused, not repaired: in the real data those bars are
 * corrupt in one field (e.g. a close at half the price of its own range), and a missing day is
 * safer for a returns model than a wrong price. Each refused bar is kept in {@code ingest_reject}.
 */
public record PriceBar(
    String symbol,
    LocalDate tradeDate,
    BigDecimal open,
    BigDecimal high,
    BigDecimal low,
    BigDecimal close,
    BigDecimal adjClose,
    long volume) {

  public PriceBar {
    requireSymbol(symbol);
    Objects.requireNonNull(tradeDate, "tradeDate");
    if (close == null) {
      throw new InvalidBarException(RejectRule.MISSING_VALUE, "close is missing");
    }
    requirePositive("open", open);
    requirePositive("high", high);
    requirePositive("low", low);
    requirePositive("close", close);
    requirePositive("adj close", adjClose);
    if (volume < 0) {
      throw new InvalidBarException(
          RejectRule.NEGATIVE_VOLUME, "volume " + volume + " is negative");
    }
    if (high != null && low != null) {
      if (high.compareTo(low) < 0) {
        throw new InvalidBarException(
            RejectRule.HIGH_BELOW_LOW,
            "high " + high.toPlainString() + " is below low " + low.toPlainString());
      }
      requireInRange(RejectRule.OPEN_OUTSIDE_RANGE, "open", open, low, high);
      requireInRange(RejectRule.CLOSE_OUTSIDE_RANGE, "close", close, low, high);
    }
  }

  /** Refuses a ticker that is not upper-case letters, digits, '.', '_' or '-' (at most 20). */
  public static String requireSymbol(String symbol) {
    if (!isTicker(symbol)) {
      throw new InvalidBarException(
          RejectRule.BAD_SYMBOL,
          "symbol '"
              + symbol
              + "' is not a ticker (upper-case letters, digits, '.', '_' or '-', at most 20)");
    }
    return symbol;
  }

  /**
   * {@code [A-Z0-9][A-Z0-9._-]{0,19}}, checked by hand: every bar checks its symbol, and the regex
   * was a visible share of a large ingest.
   */
  private static boolean isTicker(String symbol) {
    if (symbol == null || symbol.isEmpty() || symbol.length() > 20) {
      return false;
    }
    for (int i = 0; i < symbol.length(); i++) {
      char c = symbol.charAt(i);
      boolean letterOrDigit = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!letterOrDigit && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  private static void requirePositive(String name, BigDecimal value) {
    if (value != null && value.signum() <= 0) {
      throw new InvalidBarException(
          RejectRule.NON_POSITIVE_PRICE, name + " " + value.toPlainString() + " is not positive");
    }
  }

  private static void requireInRange(
      RejectRule rule, String name, BigDecimal value, BigDecimal low, BigDecimal high) {
    if (value != null && (value.compareTo(low) < 0 || value.compareTo(high) > 0)) {
      throw new InvalidBarException(
          rule,
          name
              + " "
              + value.toPlainString()
              + " is outside [low "
              + low.toPlainString()
              + ", high "
              + high.toPlainString()
              + "]");
    }
  }
}
