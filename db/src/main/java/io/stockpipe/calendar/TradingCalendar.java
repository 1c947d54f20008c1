package io.stockpipe.calendar;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The days one exchange trades: its rules, then the overrides of market_holiday on top.
 *
 * <p>Rules exist for XNYS only (NYSE, {@link #DEFAULT_EXCHANGE}): weekends and the regular NYSE
 * holidays, observed the Friday before when on a Saturday and the Monday after when on a Sunday,
 * except that a Saturday New Year's Day leaves December 31 open (NYSE Rule 7.2). Martin Luther King
 * Jr. Day counts from 1998 and Juneteenth from 2022, the years NYSE first closed for them; for
 * earlier years the rules are not NYSE's schedule of the time (which had other holidays), and any
 * day that matters there is a market_holiday row. Any other exchange has weekends as its only rule,
 * so its calendar is weekends plus its rows in market_holiday.
 *
 * <p>An override wins over the rules either way: {@code closed = true} closes a day the rules open
 * (an unscheduled closure such as a national day of mourning), {@code closed = false} opens a day
 * the rules close (a holiday or weekend on which the exchange traded).
 *
 * <p>Immutable and thread-safe: the overrides are copied when the calendar is built, and the rules
 * hold no state. Load it once per job and share it.
 */
public final class TradingCalendar {
  /** The New York Stock Exchange's ISO 10383 code: the calendar of the prices stockpipe has. */
  public static final String DEFAULT_EXCHANGE = "XNYS";

  private final String exchange;
  private final boolean nyseRules;
  private final Map<LocalDate, MarketHoliday> overrides;

  private TradingCalendar(String exchange, Map<LocalDate, MarketHoliday> overrides) {
    this.exchange = exchange;
    this.nyseRules = DEFAULT_EXCHANGE.equals(exchange);
    this.overrides = Map.copyOf(overrides);
  }

  /** NYSE by its rules alone, without the database's overrides. */
  public static TradingCalendar nyse() {
    return of(DEFAULT_EXCHANGE);
  }

  /** An exchange by its rules alone: NYSE's for XNYS, weekends only for any other. */
  public static TradingCalendar of(String exchange) {
    if (exchange == null || exchange.isBlank()) {
      throw new BadInputException(
          "a trading calendar needs an exchange code such as "
              + DEFAULT_EXCHANGE
              + ", got '"
              + exchange
              + "'");
    }
    return new TradingCalendar(exchange, Map.of());
  }

  /** XNYS with its rows of market_holiday: the calendar of every prediction's target date. */
  public static TradingCalendar load(DataSource dataSource) {
    return load(dataSource, DEFAULT_EXCHANGE);
  }

  /** The exchange's rules with its rows of market_holiday applied on top. */
  public static TradingCalendar load(DataSource dataSource, String exchange) {
    TradingCalendar rules = of(exchange);
    List<MarketHoliday> rows = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT date, name, closed FROM market_holiday WHERE exchange = ? ORDER BY date")) {
      select.setString(1, exchange);
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows.add(
              new MarketHoliday(
                  exchange,
                  result.getObject(1, LocalDate.class),
                  result.getString(2),
                  result.getBoolean(3)));
        }
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot read the trading calendar of "
              + exchange
              + " from market_holiday: "
              + e.getMessage(),
          e);
    }
    return rules.withOverrides(rows);
  }

  /**
   * This calendar with more overrides; a row for a date already overridden replaces the earlier
   * one.
   */
  public TradingCalendar withOverrides(Collection<MarketHoliday> rows) {
    Map<LocalDate, MarketHoliday> merged = new HashMap<>(overrides);
    for (MarketHoliday row : rows) {
      if (!row.exchange().equals(exchange)) {
        throw new BadInputException(
            "market holiday '"
                + row.name()
                + "' on "
                + row.date()
                + " is for "
                + row.exchange()
                + ", not for this calendar's exchange "
                + exchange);
      }
      merged.put(row.date(), row);
    }
    return new TradingCalendar(exchange, merged);
  }

  /** The exchange's ISO 10383 code, e.g. {@code XNYS}. */
  public String exchange() {
    return exchange;
  }

  public boolean isTradingDay(LocalDate date) {
    return closure(date).isEmpty();
  }

  /**
   * Why the exchange is closed on {@code date} ("Saturday", a holiday's or an override's name), or
   * empty on a trading day.
   */
  public Optional<String> closure(LocalDate date) {
    Objects.requireNonNull(date, "date");
    MarketHoliday override = overrides.get(date);
    if (override != null) {
      return override.closed() ? Optional.of(override.name()) : Optional.empty();
    }
    DayOfWeek day = date.getDayOfWeek();
    if (day == DayOfWeek.SATURDAY) {
      return Optional.of("Saturday");
    }
    if (day == DayOfWeek.SUNDAY) {
      return Optional.of("Sunday");
    }
    return nyseRules
        ? Optional.ofNullable(NyseHolidays.closedIn(date.getYear()).get(date))
        : Optional.empty();
  }

  /** The first trading day after {@code date} (whether or not {@code date} trades). */
  public LocalDate next(LocalDate date) {
    LocalDate next = date.plusDays(1);
    while (!isTradingDay(next)) {
      next = next.plusDays(1);
    }
    return next;
  }

  /** The last trading day before {@code date} (whether or not {@code date} trades). */
  public LocalDate previous(LocalDate date) {
    LocalDate previous = date.minusDays(1);
    while (!isTradingDay(previous)) {
      previous = previous.minusDays(1);
    }
    return previous;
  }

  /**
   * The {@code n}-th trading day after {@code date} ({@code n > 0}), before it ({@code n < 0}), or
   * {@code date} itself ({@code n == 0}), counting from {@code date} whether or not it trades: from
   * a Saturday, +1 is the next trading day.
   */
  public LocalDate plusTradingDays(LocalDate date, int n) {
    LocalDate result = Objects.requireNonNull(date, "date");
    for (int moved = 0; moved < Math.abs(n); moved++) {
      result = n > 0 ? next(result) : previous(result);
    }
    return result;
  }

  /** The trading days from {@code from} to {@code to}, both included, in order. */
  public List<LocalDate> tradingDaysBetween(LocalDate from, LocalDate to) {
    requireRange(from, to);
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
      if (isTradingDay(date)) {
        days.add(date);
      }
    }
    return days;
  }

  /** How many trading days lie from {@code from} to {@code to}, both included. */
  public int count(LocalDate from, LocalDate to) {
    return tradingDaysBetween(from, to).size();
  }

  @Override
  public String toString() {
    return "TradingCalendar["
        + exchange
        + (nyseRules ? ", NYSE rules" : ", weekends only")
        + ", "
        + overrides.size()
        + " overrides]";
  }

  private static void requireRange(LocalDate from, LocalDate to) {
    if (from == null || to == null) {
      throw new BadInputException("a date range needs both ends, got " + from + " to " + to);
    }
    if (to.isBefore(from)) {
      throw new BadInputException("date range is empty: " + to + " is before " + from);
    }
  }
}
