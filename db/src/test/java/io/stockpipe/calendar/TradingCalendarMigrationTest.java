package io.stockpipe.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A freshly migrated database knows NYSE's unscheduled closures. On a database of its own, since
 * the shared test database is emptied before every test, seeded rows included.
 */
class TradingCalendarMigrationTest {
  private static final String DATABASE = "stockpipe_calendar_migration";

  private Database database;

  @BeforeEach
  void createAndMigrate() throws SQLException {
    execute("DROP DATABASE IF EXISTS " + DATABASE);
    execute("CREATE DATABASE " + DATABASE);
    String url = TestDatabase.jdbcUrl();
    database =
        Database.connect(
            url.substring(0, url.lastIndexOf('/') + 1) + DATABASE,
            "postgres",
            TestDatabase.password());
    database.migrate();
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    database.close();
    execute("DROP DATABASE IF EXISTS " + DATABASE);
  }

  @Test
  void unscheduledClosuresAreRowsOfTheMigration() {
    TradingCalendar loaded = TradingCalendar.load(database.dataSource());
    TradingCalendar rules = TradingCalendar.nyse();
    for (LocalDate closed :
        new LocalDate[] {
          LocalDate.of(2001, 9, 11),
          LocalDate.of(2001, 9, 14),
          LocalDate.of(2004, 6, 11),
          LocalDate.of(2007, 1, 2),
          LocalDate.of(2012, 10, 29),
          LocalDate.of(2012, 10, 30),
          LocalDate.of(2018, 12, 5),
          LocalDate.of(2025, 1, 9)
        }) {
      assertThat(rules.isTradingDay(closed)).as("%s by the rules", closed).isTrue();
      assertThat(loaded.isTradingDay(closed)).as("%s with market_holiday", closed).isFalse();
    }
    assertThat(loaded.closure(LocalDate.of(2012, 10, 29))).contains("Hurricane Sandy");
    // 2012 had 250 sessions: 252 by the rules, less the two of Hurricane Sandy.
    assertThat(loaded.count(LocalDate.of(2012, 1, 1), LocalDate.of(2012, 12, 31))).isEqualTo(250);
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = TestDatabase.get().dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
