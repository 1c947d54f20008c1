package io.stockpipe.calendar;

import io.stockpipe.errors.BadInputException;
import java.time.LocalDate;

/**
 * One row of market_holiday: an exception to an exchange's rules on one date.
 *
 * @param exchange the exchange's ISO 10383 code, e.g. {@code XNYS}
 * @param date the day overridden
 * @param name why, shown to people
 * @param closed true: closed although the rules say open (an extra closure); false: open although
 *     the rules say closed (a holiday or weekend on which it traded)
 */
public record MarketHoliday(String exchange, LocalDate date, String name, boolean closed) {
  public MarketHoliday {
    if (exchange == null || exchange.isBlank()) {
      throw new BadInputException("a market holiday needs an exchange, got '" + exchange + "'");
    }
    if (date == null) {
      throw new BadInputException("a market holiday of " + exchange + " needs a date");
    }
    if (name == null || name.isBlank()) {
      throw new BadInputException(
          "the market holiday of " + exchange + " on " + date + " needs a name");
    }
  }

  /** An extra closure. */
  public static MarketHoliday closure(String exchange, LocalDate date, String name) {
    return new MarketHoliday(exchange, date, name, true);
  }

  /** A rules holiday (or weekend) on which the exchange traded. */
  public static MarketHoliday openedAnyway(String exchange, LocalDate date, String name) {
    return new MarketHoliday(exchange, date, name, false);
  }
}
