package io.stockpipe.model.scoring;

import io.stockpipe.db.Database;
import io.stockpipe.errors.PipelineException;
import io.stockpipe.model.evaluation.DecileSpread;
import io.stockpipe.model.evaluation.EvaluationMetrics;
import io.stockpipe.model.evaluation.Prediction;
import io.stockpipe.model.evaluation.PredictionMetrics;
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

  /** One model's score of one prediction date. */
  public record DailyScore(
      long modelId,
      LocalDate asOfDate,
      LocalDate targetDate,
      int symbols,
      Double ic,
      Double rankIc,
      Double hitRate,
      Double longShortReturn) {}

  /** Scores the predictions realised on {@code targetDate}; returns one score per model. */
  public List<DailyScore> score(LocalDate targetDate) {
    try {
      List<DailyScore> scores = new ArrayList<>();
      database.inTransaction(
          connection -> {
            for (Map.Entry<List<Object>, List<Row>> group :
                read(connection, targetDate).entrySet()) {
              DailyScore score =
                  score(
                      (Long) group.getKey().get(0),
                      (LocalDate) group.getKey().get(1),
                      targetDate,
                      group.getValue());
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

  private record Row(String symbol, double score, int direction, double realised) {}

  private static Map<List<Object>, List<Row>> read(Connection connection, LocalDate targetDate)
      throws SQLException {
    Map<List<Object>, List<Row>> byModelAndDate = new LinkedHashMap<>();
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
              .add(new Row(rows.getString(3), rows.getDouble(4), rows.getInt(5), realised));
        }
      }
    }
    return byModelAndDate;
  }

  /**
   * The same metrics as {@code evaluate}, on one date: IC and rank IC need at least {@link
   * PredictionMetrics#MIN_SYMBOLS_PER_DAY} symbols and the long-short {@link
   * DecileSpread#MIN_SYMBOLS_PER_DAY}, else they are null. The hit rate compares the predicted
   * direction (not the score, which may be a probability) with the realised one.
   */
  static DailyScore score(long modelId, LocalDate asOf, LocalDate target, List<Row> rows) {
    List<Prediction> predictions =
        rows.stream()
            .map(row -> new Prediction(row.symbol(), asOf, row.score(), row.realised()))
            .toList();
    EvaluationMetrics metrics = PredictionMetrics.evaluate(predictions);
    long directed =
        rows.stream().filter(row -> row.direction() != 0 && row.realised() != 0).count();
    long hits =
        rows.stream()
            .filter(row -> row.direction() != 0 && row.realised() != 0)
            .filter(row -> row.direction() == (int) Math.signum(row.realised()))
            .count();
    return new DailyScore(
        modelId,
        asOf,
        target,
        rows.size(),
        metrics.ic().mean(),
        metrics.rankIc().mean(),
        directed == 0 ? null : (double) hits / directed,
        metrics.deciles().longShort().mean());
  }

  private static void write(Connection connection, DailyScore score) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      upsert.setLong(1, score.modelId());
      upsert.setDate(2, Date.valueOf(score.asOfDate()));
      upsert.setDate(3, Date.valueOf(score.targetDate()));
      upsert.setInt(4, score.symbols());
      upsert.setObject(5, score.ic());
      upsert.setObject(6, score.rankIc());
      upsert.setObject(7, score.hitRate());
      upsert.setObject(8, score.longShortReturn());
      upsert.executeUpdate();
    }
  }
}
