package io.stockpipe.features.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A date-range read fetches only each symbol's look-back and look-ahead rows around the range. */
@ExtendWith(PostgresExtension.class)
class PriceBarReaderTest {

  @Test
  void aRangeReadsExactlyItsLookBackAndLookAheadRowsPerSymbol(Database database)
      throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO symbol (ticker) VALUES ('A'), ('B'), ('C')");
      // A: a bar every day of 2020; B: every other day (so its look-back reaches further back);
      // C: starts inside the range (fewer rows before it than the look-back).
      statement.execute(
          "INSERT INTO price_bar (symbol, trade_date, close, volume, source)"
              + " SELECT 'A', d, 10, 1, 't' FROM generate_series(DATE '2020-01-01',"
              + " DATE '2020-12-31', interval '1 day') d"
              + " UNION ALL SELECT 'B', d, 10, 1, 't' FROM generate_series(DATE '2020-01-01',"
              + " DATE '2020-12-31', interval '2 day') d"
              + " UNION ALL SELECT 'C', d, 10, 1, 't' FROM generate_series(DATE '2020-06-05',"
              + " DATE '2020-12-31', interval '1 day') d");
      BarWindow window =
          new BarWindow(LocalDate.of(2020, 6, 1), LocalDate.of(2020, 6, 30), List.of(), 79, 5);
      Map<String, Long> rows = new TreeMap<>();
      Map<String, String> firstDates = new TreeMap<>();
      try (ResultSet result =
          statement.executeQuery(
              "SELECT symbol, count(*), min(trade_date)::text FROM ("
                  + PriceBarReader.query(window)
                  + ") bars GROUP BY symbol")) {
        while (result.next()) {
          rows.put(result.getString(1), result.getLong(2));
          firstDates.put(result.getString(1), result.getString(3));
        }
      }
      // A: 79 rows before June, 30 in it, 5 after. B has only 76 bars before June: all of them.
      assertThat(rows)
          .containsEntry("A", 79L + 30 + 5)
          .containsEntry("B", 76L + 15 + 5)
          .containsEntry("C", 26L + 5);
      assertThat(firstDates).containsEntry("A", "2020-03-14").containsEntry("B", "2020-01-01");
      BarWindow onlyB =
          new BarWindow(LocalDate.of(2020, 6, 1), LocalDate.of(2020, 6, 30), List.of("B"), 79, 5);
      try (ResultSet result =
          statement.executeQuery(
              "SELECT string_agg(DISTINCT symbol, ','), count(*) FROM ("
                  + PriceBarReader.query(onlyB)
                  + ") bars")) {
        result.next();
        assertThat(result.getString(1)).isEqualTo("B");
        assertThat(result.getLong(2)).isEqualTo(76L + 15 + 5);
      }
    }
  }
}
