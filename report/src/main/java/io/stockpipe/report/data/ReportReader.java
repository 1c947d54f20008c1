package io.stockpipe.report.data;

import io.stockpipe.db.Database;
import io.stockpipe.errors.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tech.tablesaw.api.Table;

/**
 * Reads one report's data from the report views, in one read-only transaction so that every table
 * agrees with the others. Thread-safe (it holds only the database).
 */
public final class ReportReader {
  /** The symbols at each end of the ranking a report lists. */
  public static final int LISTED_PER_SIDE = 20;

  /** Trading days of price history per listed symbol (its sparkline and chart). */
  public static final int PRICE_DAYS = 60;

  /** The report looks back one year for the records of models and baselines. */
  public static final int HISTORY_CALENDAR_DAYS = 365;

  private static final String SHOWN_MODEL =
      "SELECT m.model_id, m.model_name, m.status, m.architecture, m.target, m.label,"
          + " m.train_from, m.train_to, m.validation_from, m.validation_to,"
          + " m.feature_set_version, m.feature_set_hash, m.config_hash, m.code_version,"
          + " m.model_sha256, p.as_of_date"
          + " FROM (SELECT model_id, max(as_of_date) AS as_of_date"
          + "         FROM report.prediction_history WHERE as_of_date <= ?"
          + "        GROUP BY model_id) p"
          + " JOIN report.models m ON m.model_id = p.model_id"
          // The newest predictions first; on the same date the active model, then the newest.
          + " ORDER BY p.as_of_date DESC, (m.status = 'active') DESC, m.model_id DESC LIMIT 1";

  private static final String PREDICTIONS =
      "SELECT rank, symbol, score, predicted_return, probability_up, as_of_close AS last_close,"
          + " decile, symbols_ranked, as_of_date, target_date"
          + " FROM report.prediction_history WHERE model_id = ? AND as_of_date = ? ORDER BY rank";

  private static final String HISTORY =
      "SELECT as_of_date, target_date, symbol, rank, symbols_ranked, decile, score,"
          + " realised_return FROM report.prediction_history"
          + " WHERE model_id = ? AND as_of_date > ? AND as_of_date <= ?"
          + " ORDER BY as_of_date, rank";

  private static final String SCORECARD =
      "SELECT model_name, model_kind, model_status, as_of_date, target_date, symbols, ic,"
          + " rank_ic, hit_rate, long_short_return, rank_ic_mean_20d, rank_ic_mean_60d"
          + " FROM report.model_scorecard WHERE as_of_date > ? AND target_date <= ?"
          + " ORDER BY model_kind, model_name, as_of_date";

  private static final String PRICES =
      "SELECT symbol, trade_date, close FROM ("
          + " SELECT symbol, trade_date, close,"
          + " row_number() OVER (PARTITION BY symbol ORDER BY trade_date DESC) AS back"
          + " FROM report.daily_prices WHERE symbol = ANY (?) AND trade_date <= ?) recent"
          + " WHERE back <= ? ORDER BY symbol, trade_date";

  private static final String DATA_QUALITY =
      "SELECT symbol, last_bar_date, missing_days_60, window_from, window_to,"
          + " last_ingest_run, last_ingest_rejects, last_ingest_reject_rules"
          + " FROM report.data_quality"
          + " ORDER BY missing_days_60 DESC, last_ingest_rejects DESC, symbol";

  private static final String JOB_RUNS =
      "SELECT date, date_to, step, status, started_at, finished_at,"
          + " duration_seconds::double precision AS duration_seconds, rows, message, attempt,"
          + " node, triggered_by"
          + " FROM report.job_runs WHERE date <= ? AND date_to >= ? ORDER BY started_at, step";

  private final Database database;

  public ReportReader(Database database) {
    this.database = database;
  }

  public ReportData read(LocalDate date) {
    try (Connection connection = database.dataSource().getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      try {
        connection
            .createStatement()
            .execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        ReportData data = read(connection, date);
        connection.rollback();
        return data;
      } finally {
        connection.setReadOnly(false);
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot read the report views for " + date + ": " + e.getMessage(), e);
    }
  }

  private static ReportData read(Connection connection, LocalDate date) throws SQLException {
    Date sqlDate = Date.valueOf(date);
    Date yearBefore = Date.valueOf(date.minusDays(HISTORY_CALENDAR_DAYS));
    Optional<ShownModel> model = shownModel(connection, sqlDate);
    long modelId = model.map(ShownModel::id).orElse(-1L);
    Date predictedOn = Date.valueOf(model.map(ShownModel::predictedOn).orElse(date));
    Table predictions = table(connection, "predictions", PREDICTIONS, modelId, predictedOn);
    Table history = table(connection, "history", HISTORY, modelId, yearBefore, sqlDate);
    Table scorecard = table(connection, "scorecard", SCORECARD, yearBefore, sqlDate);
    Table prices = prices(connection, chartedSymbols(predictions), sqlDate);
    Table dataQuality = table(connection, "data_quality", DATA_QUALITY);
    Table jobRuns = table(connection, "job_runs", JOB_RUNS, sqlDate, sqlDate);
    return new ReportData(
        date, model, predictions, history, scorecard, prices, dataQuality, jobRuns);
  }

  /** The top and bottom of the ranking: the symbols with a sparkline or a chart. */
  private static List<String> chartedSymbols(Table predictions) {
    List<String> symbols = predictions.stringColumn("symbol").asList();
    Set<String> charted =
        new LinkedHashSet<>(symbols.subList(0, Math.min(LISTED_PER_SIDE, symbols.size())));
    charted.addAll(symbols.subList(Math.max(0, symbols.size() - LISTED_PER_SIDE), symbols.size()));
    return new ArrayList<>(charted);
  }

  private static Optional<ShownModel> shownModel(Connection connection, Date date)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(SHOWN_MODEL)) {
      query.setDate(1, date);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new ShownModel(
                row.getLong(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getObject(7, LocalDate.class),
                row.getObject(8, LocalDate.class),
                row.getObject(9, LocalDate.class),
                row.getObject(10, LocalDate.class),
                row.getString(11),
                row.getString(12),
                row.getString(13),
                row.getString(14),
                row.getString(15),
                row.getObject(16, LocalDate.class)));
      }
    }
  }

  private static Table prices(Connection connection, List<String> symbols, Date date)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(PRICES)) {
      query.setArray(1, connection.createArrayOf("text", symbols.toArray()));
      query.setDate(2, date);
      query.setInt(3, PRICE_DAYS);
      try (ResultSet rows = query.executeQuery()) {
        return Table.read().db(rows, "prices");
      }
    }
  }

  private static Table table(Connection connection, String name, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        query.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = query.executeQuery()) {
        return Table.read().db(rows, name);
      }
    }
  }
}
