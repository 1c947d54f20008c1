package io.stockpipe.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * report.trading_day, the calendar the analysts' views count in, is the SQL twin of {@link
 * TradingCalendar}: the two agree on every day from 1990 to 2035 (the view ends ten years after
 * today), and the rule function on every weekday to 2060.
 */
class TradingDayViewTest {
  private static final LocalDate FROM = LocalDate.of(1990, 1, 1);
  private static final LocalDate TO = LocalDate.of(2035, 12, 31);

  @Test
  void theViewAndTheJavaCalendarAgreeOnEveryDay() throws SQLException {
    Database database = TestDatabase.get();
    TestDatabase.reset();
    TradingCalendar calendar = TradingCalendar.load(database.dataSource());
    List<LocalDate> expected = calendar.tradingDaysBetween(FROM, TO);
    List<LocalDate> actual = tradingDaysOfTheView(database);
    List<LocalDate> onlyInView = new ArrayList<>(actual);
    onlyInView.removeAll(expected);
    List<LocalDate> onlyInJava = new ArrayList<>(expected);
    onlyInJava.removeAll(actual);
    assertThat(onlyInView).as("trading days of the view only").isEmpty();
    assertThat(onlyInJava).as("trading days of TradingCalendar only").isEmpty();
    assertThat(actual).hasSize(expected.size());
  }

  @Test
  void theRuleFunctionNamesTheHolidayAsTheJavaRulesDo() throws SQLException {
    TradingCalendar rules = TradingCalendar.nyse();
    try (Connection connection = TestDatabase.get().dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT d::date, report.nyse_rule_holiday(d::date)"
                    + " FROM generate_series(DATE '1990-01-01', DATE '2060-12-31', interval '1 day') d"
                    + " WHERE extract(isodow FROM d) < 6");
        ResultSet rows = query.executeQuery()) {
      int holidays = 0;
      while (rows.next()) {
        LocalDate day = rows.getObject(1, LocalDate.class);
        String name = rows.getString(2);
        assertThat(name).as("%s", day).isEqualTo(rules.closure(day).orElse(null));
        holidays += name == null ? 0 : 1;
      }
      // About nine a year: a check that the loop saw holidays at all.
      assertThat(holidays).isBetween(60 * 9, 71 * 10);
    }
  }

  private static List<LocalDate> tradingDaysOfTheView(Database database) throws SQLException {
    List<LocalDate> days = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT trade_date FROM report.trading_day WHERE trade_date BETWEEN ? AND ?"
                    + " ORDER BY trade_date")) {
      query.setObject(1, FROM);
      query.setObject(2, TO);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          days.add(rows.getObject(1, LocalDate.class));
        }
      }
    }
    return days;
  }
}
