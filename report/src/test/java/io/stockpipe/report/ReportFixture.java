package io.stockpipe.report;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A market of {@link #SYMBOLS} symbols over {@link #DAYS} XNYS trading days with an active model
 * whose scores carry some of the next day's return, its daily scores, the naive baselines' and a
 * night's audit: what the pipeline leaves in the tables the report views read. The scores are
 * computed from the predictions through the views themselves, so the fixture stays consistent with
 * whatever the views say.
 */
final class ReportFixture {
  static final int SYMBOLS = 60;
  static final int DAYS = 320;
  static final String MODEL = "dense-next_return_1d-2024-03-28-0123456789-abcdef01";
  static final String SHA = "ab".repeat(32);

  /** The last trading day of the market: the report's date. */
  final LocalDate lastDate;

  final List<LocalDate> dates;

  private ReportFixture(List<LocalDate> dates) {
    this.dates = dates;
    this.lastDate = dates.get(dates.size() - 1);
  }

  /**
   * Empties the test database and fills it; the last date is 2025-06-30 or the trading day before.
   */
  static ReportFixture load() throws SQLException {
    TestDatabase.reset();
    Database database = TestDatabase.get();
    try (Connection connection = database.dataSource().getConnection()) {
      List<LocalDate> dates = tradingDays(connection, LocalDate.of(2025, 6, 30));
      ReportFixture fixture = new ReportFixture(dates);
      fixture.fill(connection);
      return fixture;
    }
  }

  private static List<LocalDate> tradingDays(Connection connection, LocalDate end)
      throws SQLException {
    List<LocalDate> dates = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT trade_date FROM (SELECT trade_date FROM report.trading_day"
                + " WHERE trade_date <= ? ORDER BY trade_date DESC LIMIT ?) d ORDER BY 1")) {
      query.setObject(1, end);
      query.setInt(2, DAYS);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          dates.add(rows.getObject(1, LocalDate.class));
        }
      }
    }
    return dates;
  }

  private void fill(Connection connection) throws SQLException {
    Random random = new Random(18);
    double[][] closes = new double[SYMBOLS][DAYS];
    try (PreparedStatement bar =
        connection.prepareStatement(
            "INSERT INTO price_bar (symbol, trade_date, open, high, low, close, volume, source)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'fixture')")) {
      for (int s = 0; s < SYMBOLS; s++) {
        double close = 20 + 5 * s;
        for (int d = 0; d < DAYS; d++) {
          close *= Math.exp(0.015 * random.nextGaussian());
          closes[s][d] = close;
          // Symbol 7 lacks three bars of the last 60 days: data quality must name it.
          if (s == 7 && d >= DAYS - 30 && d < DAYS - 27) {
            continue;
          }
          bar.setString(1, symbol(s));
          bar.setObject(2, dates.get(d));
          bar.setDouble(3, close);
          bar.setDouble(4, close * 1.01);
          bar.setDouble(5, close * 0.99);
          bar.setDouble(6, close);
          bar.setLong(7, 100_000 + s);
          bar.addBatch();
        }
      }
      bar.executeBatch();
    }
    long modelId;
    try (Statement statement = connection.createStatement()) {
      try (ResultSet id =
          statement.executeQuery(
              "INSERT INTO model_registry (name, architecture, target, label, hyper_parameters,"
                  + " train_from, train_to, validation_from, validation_to, feature_set_version,"
                  + " feature_set_hash, config_hash, code_version, input_scaling, model_bytes,"
                  + " model_sha256, status) VALUES ('"
                  + MODEL
                  + "', 'dense', 'regression', 'next_return_1d', '{}', DATE '2015-01-02',"
                  + " DATE '2023-12-29', DATE '2024-01-02', DATE '2024-03-28', 'v1', '"
                  + "cd".repeat(32)
                  + "', '"
                  + "ef".repeat(32)
                  + "', 'v0.1.0-fixture', '{}', '\\x00', '"
                  + SHA
                  + "', 'active') RETURNING id")) {
        id.next();
        modelId = id.getLong(1);
      }
    }
    // Predictions of the last 260 dates: a score that is part next-day return, part noise.
    int firstPredicted = DAYS - 260;
    try (PreparedStatement prediction =
        connection.prepareStatement(
            "INSERT INTO prediction (model_id, symbol, as_of_date, target_date, predicted_return,"
                + " predicted_direction, score, cross_sectional_rank, symbols_ranked)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int d = firstPredicted; d < DAYS; d++) {
        LocalDate target = d + 1 < DAYS ? dates.get(d + 1) : dates.get(d).plusDays(3);
        double[] scores = new double[SYMBOLS];
        for (int s = 0; s < SYMBOLS; s++) {
          double next = d + 1 < DAYS ? closes[s][d + 1] / closes[s][d] - 1 : 0;
          scores[s] = 0.3 * next + 0.01 * random.nextGaussian();
        }
        for (int s = 0; s < SYMBOLS; s++) {
          int rank = 1;
          for (double other : scores) {
            rank += other > scores[s] ? 1 : 0;
          }
          prediction.setLong(1, modelId);
          prediction.setString(2, symbol(s));
          prediction.setObject(3, dates.get(d));
          prediction.setObject(4, target);
          prediction.setDouble(5, scores[s]);
          prediction.setInt(6, scores[s] > 0 ? 1 : scores[s] < 0 ? -1 : 0);
          prediction.setDouble(7, scores[s]);
          prediction.setInt(8, rank);
          prediction.setInt(9, SYMBOLS);
          prediction.addBatch();
        }
      }
      prediction.executeBatch();
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO model_score_daily (model_id, as_of_date, target_date, symbols, ic, rank_ic,"
              + " hit_rate, long_short_return)"
              + " SELECT model_id, as_of_date, target_date, count(*), corr(score, realised_return),"
              + " corr(score_rank, return_rank), avg(direction_right::int),"
              + " avg(realised_return) FILTER (WHERE decile = 10)"
              + " - avg(realised_return) FILTER (WHERE decile = 1)"
              + " FROM (SELECT *, rank() OVER (PARTITION BY as_of_date ORDER BY score) AS score_rank,"
              + " rank() OVER (PARTITION BY as_of_date ORDER BY realised_return) AS return_rank"
              + " FROM report.prediction_history WHERE realised_return IS NOT NULL) known"
              + " GROUP BY model_id, as_of_date, target_date");
      // The 1-day reversal baseline, scored the same way from the prices.
      statement.execute(
          "INSERT INTO baseline_score_daily (baseline, as_of_date, target_date, symbols, ic,"
              + " rank_ic, hit_rate, long_short_return)"
              + " SELECT 'mean_reversion_1d', as_of_date, min(target_date), count(*),"
              + " corr(score, realised), corr(score_rank, realised_rank), NULL,"
              + " avg(realised) FILTER (WHERE score_decile = 10)"
              + " - avg(realised) FILTER (WHERE score_decile = 1)"
              + " FROM (SELECT *, rank() OVER w AS score_rank, ntile(10) OVER w AS score_decile,"
              + " rank() OVER (PARTITION BY as_of_date ORDER BY realised) AS realised_rank"
              + " FROM (SELECT trade_date AS as_of_date, next_date AS target_date,"
              + " 0 - return_1d AS score, next_return AS realised"
              + " FROM (SELECT trade_date, return_1d,"
              + " lead(trade_date) OVER (PARTITION BY symbol ORDER BY trade_date) AS next_date,"
              + " lead(return_1d) OVER (PARTITION BY symbol ORDER BY trade_date) AS next_return"
              + " FROM report.daily_prices) bars"
              + " WHERE return_1d IS NOT NULL AND next_return IS NOT NULL"
              + " AND trade_date >= (SELECT min(as_of_date) FROM prediction)) pairs"
              + " WINDOW w AS (PARTITION BY as_of_date ORDER BY score)) ranked"
              + " GROUP BY as_of_date");
      statement.execute(
          "INSERT INTO ingest_run (source, status, finished_at, rows_rejected)"
              + " VALUES ('csv:/fixture', 'completed_with_errors', now(), 1)");
      statement.execute(
          "INSERT INTO ingest_reject (run_id, source_file, line_number, symbol, trade_date, rule,"
              + " reason) SELECT max(id), 'S003.csv', 12, 'S003', DATE '"
              + lastDate
              + "', 'HIGH_BELOW_LOW', 'high 9.5 is below low 10.1' FROM ingest_run");
      String[] steps = {"ingest", "features", "predict", "score", "report"};
      for (int i = 0; i < steps.length; i++) {
        statement.execute(
            "INSERT INTO job_run (step, business_date, date_to, node, started_at, finished_at,"
                + " status, rows, message, triggered_by) VALUES ('"
                + steps[i]
                + "', DATE '"
                + lastDate
                + "', DATE '"
                + lastDate
                + "', 'node-a@host', TIMESTAMPTZ '2025-06-30 22:00:00+00' + interval '"
                + (10 * i)
                + " seconds', TIMESTAMPTZ '2025-06-30 22:00:07+00' + interval '"
                + (10 * i)
                + " seconds', 'succeeded', "
                + (100 * (i + 1))
                + ", 'step "
                + steps[i]
                + " of the fixture', 'schedule')");
      }
    }
  }

  static String symbol(int index) {
    return String.format("S%03d", index);
  }
}
