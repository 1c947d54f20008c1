package io.stockpipe.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.errors.BadInputException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rows of market_holiday, read from a real PostgreSQL, on top of the rules. */
@ExtendWith(PostgresExtension.class)
class TradingCalendarOverridesTest {
  private static final LocalDate CARTER_MOURNING = LocalDate.of(2025, 1, 9);
  private static final LocalDate INDEPENDENCE_DAY = LocalDate.of(2024, 7, 4);

  @Test
  void anExtraClosureAndADayOpenedAnywayOverrideTheRules(Database database) {
    QueryRunner sql = QueryRunner.asOwner(database.dataSource());
    sql.run(
        "INSERT INTO market_holiday (exchange, date, name) VALUES"
            + " ('XNYS', DATE '2025-01-09', 'National Day of Mourning for President Jimmy Carter')");
    sql.run(
        "INSERT INTO market_holiday (exchange, date, name, closed) VALUES"
            + " ('XNYS', DATE '2024-07-04', 'opened for a test', false)");
    // Another exchange's rows are not this calendar's.
    sql.run(
        "INSERT INTO market_holiday (exchange, date, name) VALUES"
            + " ('XLON', DATE '2025-01-08', 'a London closure')");

    TradingCalendar rules = TradingCalendar.nyse();
    TradingCalendar loaded = TradingCalendar.load(database.dataSource(), "XNYS");

    assertThat(rules.isTradingDay(CARTER_MOURNING)).isTrue();
    assertThat(loaded.isTradingDay(CARTER_MOURNING)).isFalse();
    assertThat(loaded.closure(CARTER_MOURNING))
        .contains("National Day of Mourning for President Jimmy Carter");
    assertThat(loaded.next(LocalDate.of(2025, 1, 8))).isEqualTo(LocalDate.of(2025, 1, 10));
    assertThat(rules.isTradingDay(INDEPENDENCE_DAY)).isFalse();
    assertThat(loaded.isTradingDay(INDEPENDENCE_DAY)).isTrue();
    assertThat(loaded.plusTradingDays(LocalDate.of(2024, 7, 3), 1)).isEqualTo(INDEPENDENCE_DAY);
    assertThat(loaded.isTradingDay(LocalDate.of(2025, 1, 8))).isTrue();
    assertThat(loaded.count(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 12, 31)))
        .isEqualTo(rules.count(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 12, 31)));
    assertThat(TradingCalendar.load(database.dataSource())).hasToString(loaded.toString());
  }

  @Test
  void anExchangeWithoutRulesIsItsWeekendsAndItsRows(Database database) {
    QueryRunner sql = QueryRunner.asOwner(database.dataSource());
    sql.run(
        "INSERT INTO market_holiday (exchange, date, name) VALUES"
            + " ('XLON', DATE '2024-12-25', 'Christmas Day'),"
            + " ('XLON', DATE '2024-12-26', 'Boxing Day')");
    sql.run(
        "INSERT INTO market_holiday (exchange, date, name, closed) VALUES"
            + " ('XLON', DATE '2024-12-28', 'a Saturday session', false)");

    TradingCalendar london = TradingCalendar.load(database.dataSource(), "XLON");

    assertThat(london.exchange()).isEqualTo("XLON");
    assertThat(london.tradingDaysBetween(LocalDate.of(2024, 12, 23), LocalDate.of(2025, 1, 1)))
        .containsExactly(
            LocalDate.of(2024, 12, 23),
            LocalDate.of(2024, 12, 24),
            LocalDate.of(2024, 12, 27),
            LocalDate.of(2024, 12, 28),
            LocalDate.of(2024, 12, 30),
            LocalDate.of(2024, 12, 31),
            // No NYSE rule: New Year's Day trades unless a row closes it.
            LocalDate.of(2025, 1, 1));
  }

  @Test
  void theTableDefaultsToAClosureAndHoldsOneRowPerExchangeAndDate(Database database) {
    QueryRunner sql = QueryRunner.asOwner(database.dataSource());
    sql.run(
        "INSERT INTO market_holiday (exchange, date, name) VALUES ('XNYS', DATE '2025-01-09', 'x')");
    assertThat(TradingCalendar.load(database.dataSource()).isTradingDay(CARTER_MOURNING)).isFalse();
    assertThatThrownBy(
            () ->
                sql.run(
                    "INSERT INTO market_holiday (exchange, date, name, closed) VALUES"
                        + " ('XNYS', DATE '2025-01-09', 'again', false)"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("market_holiday_pkey");
  }

  @Test
  void aRowOfAnotherExchangeIsRefusedByTheCalendar() {
    assertThatThrownBy(
            () ->
                TradingCalendar.nyse()
                    .withOverrides(
                        List.of(MarketHoliday.closure("XLON", LocalDate.of(2025, 1, 8), "London"))))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is for XLON, not for this calendar's exchange XNYS");
  }
}
