package io.stockpipe.db.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every view of the schema report against a golden CSV file worked out by hand from the small data
 * set of {@code report/fixture.sql}: the comments at the top of each file under {@code
 * report/golden/} say how the values that need thought were reached. The fixture and the query run
 * in one transaction that is rolled back, so {@code now()} is one instant for both.
 *
 * <p>Doubles are compared rounded to 10 significant digits, with trailing zeros dropped; NULL is an
 * empty field.
 */
@ExtendWith(PostgresExtension.class)
class ReportViewsGoldenTest {
  private static final MathContext TEN_DIGITS = new MathContext(10);

  /** The query per view; ORDER BY in the C collation so that the order is the server's locale's. */
  private static final Map<String, String> QUERIES =
      Map.of(
          "trading_day",
          "SELECT * FROM report.trading_day"
              + " WHERE trade_date BETWEEN DATE '2024-06-14' AND DATE '2024-07-15'"
              + " ORDER BY trade_date",
          "latest_predictions",
          "SELECT * FROM report.latest_predictions ORDER BY rank",
          "prediction_history",
          "SELECT * FROM report.prediction_history ORDER BY model_id, as_of_date, rank",
          "model_scorecard",
          "SELECT * FROM report.model_scorecard ORDER BY model_name COLLATE \"C\", as_of_date",
          "data_quality",
          "SELECT * FROM report.data_quality ORDER BY symbol COLLATE \"C\"",
          // The running step's start moves with the clock: shown as a token, only when it is
          // exactly an hour before now().
          "job_runs",
          "SELECT date, date_to, step, status,"
              + " CASE WHEN started_at = now() - interval '1 hour' THEN 'now() - 1 hour'"
              + " ELSE started_at::text END AS started_at,"
              + " finished_at, duration_seconds, rows, message, attempt, node, triggered_by,"
              + " chain_id, backfill_id"
              + " FROM report.job_runs ORDER BY job_runs.started_at",
          "models",
          "SELECT * FROM report.models ORDER BY model_id",
          "daily_prices",
          "SELECT * FROM report.daily_prices ORDER BY symbol COLLATE \"C\", trade_date");

  @Test
  void tradingDay(Database database) throws SQLException {
    assertMatchesGolden(database, "trading_day");
  }

  @Test
  void latestPredictions(Database database) throws SQLException {
    assertMatchesGolden(database, "latest_predictions");
  }

  @Test
  void predictionHistory(Database database) throws SQLException {
    assertMatchesGolden(database, "prediction_history");
  }

  @Test
  void modelScorecard(Database database) throws SQLException {
    assertMatchesGolden(database, "model_scorecard");
  }

  @Test
  void dataQuality(Database database) throws SQLException {
    assertMatchesGolden(database, "data_quality");
  }

  @Test
  void jobRuns(Database database) throws SQLException {
    assertMatchesGolden(database, "job_runs");
  }

  @Test
  void models(Database database) throws SQLException {
    assertMatchesGolden(database, "models");
  }

  @Test
  void dailyPrices(Database database) throws SQLException {
    assertMatchesGolden(database, "daily_prices");
  }

  /** A view added to report without a golden file here fails, rather than going unchecked. */
  @Test
  void everyViewOfTheSchemaHasAGoldenFile(Database database) throws SQLException {
    List<String> views = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'report' AND c.relkind IN ('v', 'm', 'r', 'p', 'f')")) {
      while (rows.next()) {
        views.add(rows.getString(1));
      }
    }
    assertThat(views).containsExactlyInAnyOrderElementsOf(QUERIES.keySet());
  }

  private static void assertMatchesGolden(Database database, String view) throws SQLException {
    List<String> expected = golden(view);
    List<String> actual;
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET LOCAL TimeZone = 'UTC'");
        statement.execute(resource("report/fixture.sql"));
        try (ResultSet rows = statement.executeQuery(QUERIES.get(view))) {
          actual = csv(rows);
        }
        assertThat(actual.get(0))
            .as("the golden query of %s lists the view's columns in order", view)
            .isEqualTo(String.join(",", columnsOf(connection, view)));
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    }
    assertThat(actual).as("report.%s against golden/%s.csv", view, view).isEqualTo(expected);
  }

  private static List<String> columnsOf(Connection connection, String view) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT column_name FROM information_schema.columns"
                    + " WHERE table_schema = 'report' AND table_name = '"
                    + view
                    + "' ORDER BY ordinal_position")) {
      while (rows.next()) {
        columns.add(rows.getString(1));
      }
    }
    return columns;
  }

  private static List<String> csv(ResultSet rows) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    List<String> lines = new ArrayList<>();
    List<String> header = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      header.add(meta.getColumnLabel(i));
    }
    lines.add(String.join(",", header));
    while (rows.next()) {
      List<String> fields = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        Object value = rows.getObject(i);
        fields.add(
            value == null
                ? ""
                : value instanceof Double number
                    ? tenDigits(number)
                    : value instanceof Boolean truth
                        ? truth.toString()
                        : quoted(rows.getString(i)));
      }
      lines.add(String.join(",", fields));
    }
    return lines;
  }

  private static String tenDigits(double value) {
    return new BigDecimal(Double.toString(value))
        .round(TEN_DIGITS)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String quoted(String text) {
    return text.contains(",") || text.contains("\"") || text.contains("\n")
        ? "\"" + text.replace("\"", "\"\"") + "\""
        : text;
  }

  /** The golden file's lines less its {@code #} comments and blank lines. */
  private static List<String> golden(String view) {
    return resource("report/golden/" + view + ".csv")
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .toList();
  }

  private static String resource(String name) {
    try (InputStream in = ReportViewsGoldenTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
