package io.stockpipe.model.scoring;

import io.stockpipe.model.evaluation.DecileSpread;
import io.stockpipe.model.evaluation.EvaluationMetrics;
import io.stockpipe.model.evaluation.Prediction;
import io.stockpipe.model.evaluation.PredictionMetrics;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/**
 * How one ranking of one date did, the columns model_score_daily and baseline_score_daily share, so
 * that a model and a naive rule are scored by one piece of code. IC and rank IC need at least
 * {@link PredictionMetrics#MIN_SYMBOLS_PER_DAY} symbols and the long-short {@link
 * DecileSpread#MIN_SYMBOLS_PER_DAY}, else they are null, as in {@code evaluate}.
 *
 * @param symbols symbols with a score and a realised return
 * @param ic Pearson correlation of scores and realised returns
 * @param rankIc Spearman correlation of scores and realised returns
 * @param hitRate share of the symbols with a called direction and a nonzero realised return whose
 *     direction was right; null when there are none
 * @param longShortReturn mean realised return of the top score decile minus the bottom's
 */
public record DailyMetrics(
    int symbols, Double ic, Double rankIc, Double hitRate, Double longShortReturn) {
  public DailyMetrics {
    if (symbols < 1) {
      throw new IllegalArgumentException("a scored date has at least one symbol, got " + symbols);
    }
  }

  /** The metrics of {@code rows}, the symbols of the ranking made on {@code asOf}; not empty. */
  static DailyMetrics of(LocalDate asOf, List<ScoredSymbol> rows) {
    List<Prediction> predictions =
        rows.stream()
            .map(row -> new Prediction(row.symbol(), asOf, row.score(), row.realised()))
            .toList();
    EvaluationMetrics metrics = PredictionMetrics.evaluate(predictions);
    List<ScoredSymbol> directed =
        rows.stream().filter(row -> row.direction() != 0 && row.realised() != 0).toList();
    long hits =
        directed.stream()
            .filter(row -> row.direction() == (int) Math.signum(row.realised()))
            .count();
    return new DailyMetrics(
        rows.size(),
        metrics.ic().mean(),
        metrics.rankIc().mean(),
        directed.isEmpty() ? null : (double) hits / directed.size(),
        metrics.deciles().longShort().mean());
  }

  /**
   * Binds symbols, ic, rank_ic, hit_rate and long_short_return, in that order, from parameter
   * {@code first} on.
   */
  void bind(PreparedStatement statement, int first) throws SQLException {
    statement.setInt(first, symbols);
    statement.setObject(first + 1, ic);
    statement.setObject(first + 2, rankIc);
    statement.setObject(first + 3, hitRate);
    statement.setObject(first + 4, longShortReturn);
  }
}
