package io.stockpipe.model.scoring;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.errors.PipelineException;
import io.stockpipe.model.baseline.NaiveBaselines;
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
 * Scores the naive rules of {@link NaiveBaselines} on each target date, as {@link ScoreService}
 * scores the models, into baseline_score_daily, so that a model's daily scores have the floor they
 * must clear beside them. The rules' scores are computed from price_bar as the features define them
 * (a symbol's own previous bars, point in time), since a rule needs no model and no prediction:
 * momentum_20d scores close[t]/close[t-20] - 1, mean_reversion_1d scores -(close[t]/close[t-1] -
 * 1), with t the as-of bar. Rerunning a date replaces its rows. Thread-safe (it holds only the
 * database).
 */
public final class BaselineScoreService {
  /**
   * Calendar days of bars read before the as-of date: the {@value NaiveBaselines#MOMENTUM_BARS}
   * bars of momentum span about 28, and the rest leaves room for holidays and a symbol's missing
   * bars. A symbol whose 20th bar back is older than this has no momentum score that date.
   */
  static final int LOOKBACK_DAYS = 60;

  private static final String RETURNS =
      "WITH bars AS ("
          + " SELECT symbol, trade_date, close,"
          + " lag(close, "
          + NaiveBaselines.MOMENTUM_BARS
          + ") OVER by_symbol AS momentum_close,"
          + " lag(close, "
          + NaiveBaselines.REVERSAL_BARS
          + ") OVER by_symbol AS reversal_close"
          + " FROM price_bar WHERE trade_date BETWEEN ? AND ?"
          + " WINDOW by_symbol AS (PARTITION BY symbol ORDER BY trade_date))"
          + " SELECT b.symbol,"
          + " b.close / nullif(b.momentum_close, 0) - 1 AS momentum_return,"
          + " b.close / nullif(b.reversal_close, 0) - 1 AS reversal_return,"
          + " t.close / nullif(b.close, 0) - 1 AS realised"
          + " FROM bars b JOIN price_bar t ON t.symbol = b.symbol AND t.trade_date = ?"
          + " WHERE b.trade_date = ?"
          + " ORDER BY b.symbol";

  // A rule that scored no symbol this time loses the row an earlier run wrote, so that a rerun
  // converges to what the bars give now.
  private static final String DELETE =
      "DELETE FROM baseline_score_daily WHERE as_of_date = ? AND baseline IN (?, ?)";

  private static final String UPSERT =
      "INSERT INTO baseline_score_daily (baseline, as_of_date, target_date, symbols, ic, rank_ic,"
          + " hit_rate, long_short_return) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (baseline, as_of_date) DO UPDATE SET target_date = EXCLUDED.target_date,"
          + " symbols = EXCLUDED.symbols, ic = EXCLUDED.ic, rank_ic = EXCLUDED.rank_ic,"
          + " hit_rate = EXCLUDED.hit_rate, long_short_return = EXCLUDED.long_short_return,"
          + " scored_at = now()";

  private final Database database;

  public BaselineScoreService(Database database) {
    this.database = database;
  }

  /**
   * One rule's score of one as-of date.
   *
   * @param baseline {@link NaiveBaselines#MOMENTUM} or {@link NaiveBaselines#MEAN_REVERSION}
   */
  public record BaselineScore(
      String baseline, LocalDate asOfDate, LocalDate targetDate, DailyMetrics metrics) {}

  /**
   * Scores each rule's ranking of the trading day before {@code targetDate} against the returns
   * realised on it; nothing when {@code targetDate} is not an XNYS trading day, or a rule scored no
   * symbol. Returns one score per rule scored.
   */
  public List<BaselineScore> score(LocalDate targetDate) {
    TradingCalendar calendar = TradingCalendar.load(database.dataSource());
    if (!calendar.isTradingDay(targetDate)) {
      return List.of();
    }
    LocalDate asOf = calendar.previous(targetDate);
    try {
      List<BaselineScore> scores = new ArrayList<>();
      database.inTransaction(
          connection -> {
            Map<String, List<ScoredSymbol>> byRule = read(connection, asOf, targetDate);
            delete(connection, asOf);
            for (Map.Entry<String, List<ScoredSymbol>> rule : byRule.entrySet()) {
              if (rule.getValue().isEmpty()) {
                continue;
              }
              BaselineScore score =
                  new BaselineScore(
                      rule.getKey(), asOf, targetDate, DailyMetrics.of(asOf, rule.getValue()));
              write(connection, score);
              scores.add(score);
            }
          });
      return scores;
    } catch (SQLException e) {
      throw new PipelineException(
          "could not score the naive baselines for " + targetDate + ": " + e.getMessage(), e);
    }
  }

  /**
   * Each rule's symbols of the date, by rule name: those with enough bars for the rule's return and
   * a realised return.
   */
  private static Map<String, List<ScoredSymbol>> read(
      Connection connection, LocalDate asOf, LocalDate targetDate) throws SQLException {
    List<ScoredSymbol> momentum = new ArrayList<>();
    List<ScoredSymbol> reversal = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(RETURNS)) {
      query.setDate(1, Date.valueOf(asOf.minusDays(LOOKBACK_DAYS)));
      // The window ends on the as-of date: no later bar goes into a rule's score.
      query.setDate(2, Date.valueOf(asOf));
      query.setDate(3, Date.valueOf(targetDate));
      query.setDate(4, Date.valueOf(asOf));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String symbol = rows.getString(1);
          Double momentumReturn = nullableDouble(rows, 2);
          Double reversalReturn = nullableDouble(rows, 3);
          Double realised = nullableDouble(rows, 4);
          if (realised == null) {
            continue;
          }
          if (momentumReturn != null) {
            momentum.add(ScoredSymbol.signOfScore(symbol, momentumReturn, realised));
          }
          if (reversalReturn != null) {
            // 0.0 - x rather than -x, as NaiveBaselines: a zero return scores 0.0, not -0.0.
            reversal.add(ScoredSymbol.signOfScore(symbol, 0.0 - reversalReturn, realised));
          }
        }
      }
    }
    Map<String, List<ScoredSymbol>> byRule = new LinkedHashMap<>();
    byRule.put(NaiveBaselines.MOMENTUM, momentum);
    byRule.put(NaiveBaselines.MEAN_REVERSION, reversal);
    return byRule;
  }

  private static Double nullableDouble(ResultSet rows, int column) throws SQLException {
    double value = rows.getDouble(column);
    return rows.wasNull() ? null : value;
  }

  private static void delete(Connection connection, LocalDate asOf) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
      delete.setDate(1, Date.valueOf(asOf));
      delete.setString(2, NaiveBaselines.MOMENTUM);
      delete.setString(3, NaiveBaselines.MEAN_REVERSION);
      delete.executeUpdate();
    }
  }

  private static void write(Connection connection, BaselineScore score) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      upsert.setString(1, score.baseline());
      upsert.setDate(2, Date.valueOf(score.asOfDate()));
      upsert.setDate(3, Date.valueOf(score.targetDate()));
      score.metrics().bind(upsert, 4);
      upsert.executeUpdate();
    }
  }
}
