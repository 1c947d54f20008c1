package io.stockpipe.model.scoring;

import io.stockpipe.db.Database;
import io.stockpipe.errors.PipelineException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores every model's predictions whose target date is a given date, against the close-to-close
 * return realised on it (the target date's close over the as-of date's, from price_bar), into
 * model_score_daily. Rerunning a date replaces its rows. Thread-safe (it holds only the database).
 */
public final class ScoreService {
  private static final String PREDICTIONS =
      "SELECT p.model_id, p.as_of_date, p.symbol, p.score, p.predicted_direction,"
          + " t.close / nullif(a.close, 0) - 1 AS realised"
          + " FROM prediction p"
          + " JOIN price_bar a ON a.symbol = p.symbol AND a.trade_date = p.as_of_date"
          + " JOIN price_bar t ON t.symbol = p.symbol AND t.trade_date = p.target_date"
          + " WHERE p.target_date = ?"
          + " ORDER BY p.model_id, p.as_of_date, p.symbol";

  private static final String UPSERT =
      "INSERT INTO model_score_daily (model_id, as_of_date, target_date, symbols, ic, rank_ic,"
          + " hit_rate, long_short_return) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (model_id, as_of_date) DO UPDATE SET target_date = EXCLUDED.target_date,"
          + " symbols = EXCLUDED.symbols, ic = EXCLUDED.ic, rank_ic = EXCLUDED.rank_ic,"
          + " hit_rate = EXCLUDED.hit_rate, long_short_return = EXCLUDED.long_short_return,"
          + " scored_at = now()";

  private final Database database;

  public ScoreService(Database database) {
    this.database = database;
  }

  /**
   * One model's score of one prediction date: the metrics of {@link DailyMetrics}, whose hit rate
   * compares the model's predicted direction (not its score, which may be a probability) with the
   * realised one.
   */
  public record DailyScore(
      long modelId, LocalDate asOfDate, LocalDate targetDate, DailyMetrics metrics) {}

  /** Scores the predictions realised on {@code targetDate}; returns one score per model. */
  public List<DailyScore> score(LocalDate targetDate) {
    try {
      List<DailyScore> scores = new ArrayList<>();
      database.inTransaction(
          connection -> {
            for (Map.Entry<List<Object>, List<ScoredSymbol>> group :
                read(connection, targetDate).entrySet()) {
              LocalDate asOf = (LocalDate) group.getKey().get(1);
              DailyScore score =
                  new DailyScore(
                      (Long) group.getKey().get(0),
                      asOf,
                      targetDate,
                      DailyMetrics.of(asOf, group.getValue()));
              write(connection, score);
              scores.add(score);
            }
          });
      return scores;
    } catch (SQLException e) {
      throw new PipelineException(
          "could not score the predictions for " + targetDate + ": " + e.getMessage(), e);
    }
  }

  private static Map<List<Object>, List<ScoredSymbol>> read(
      Connection connection, LocalDate targetDate) throws SQLException {
    Map<List<Object>, List<ScoredSymbol>> byModelAndDate = new LinkedHashMap<>();
    try (PreparedStatement query = connection.prepareStatement(PREDICTIONS)) {
      query.setDate(1, Date.valueOf(targetDate));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          double realised = rows.getDouble(6);
          if (rows.wasNull()) {
            continue;
          }
          byModelAndDate
              .computeIfAbsent(
                  List.of(rows.getLong(1), rows.getDate(2).toLocalDate()), key -> new ArrayList<>())
              .add(
                  new ScoredSymbol(rows.getString(3), rows.getDouble(4), rows.getInt(5), realised));
        }
      }
    }
    return byModelAndDate;
  }

  private static void write(Connection connection, DailyScore score) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      upsert.setLong(1, score.modelId());
      upsert.setDate(2, Date.valueOf(score.asOfDate()));
      upsert.setDate(3, Date.valueOf(score.targetDate()));
      score.metrics().bind(upsert, 4);
      upsert.executeUpdate();
    }
  }
}
