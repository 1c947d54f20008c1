package io.stockpipe.model.evaluation;

/** The metrics stored in model_evaluation.metric, under {@link #key()}. */
public enum Metric {
  /** Share of rows whose predicted sign equals the realised sign; zeros on either side excluded. */
  DIRECTIONAL_ACCURACY("directional_accuracy"),
  /** Mean over dates of the Pearson correlation across symbols. */
  IC_MEAN("ic_mean"),
  /** {@code mean / (stdev / sqrt(days))} of the daily ICs. */
  IC_T_STAT("ic_t_stat"),
  /** Mean over dates of the Spearman correlation across symbols (Pearson on average ranks). */
  RANK_IC_MEAN("rank_ic_mean"),
  RANK_IC_T_STAT("rank_ic_t_stat"),
  /** Root mean squared error over all rows. */
  RMSE("rmse"),
  TEST_ROWS("test_rows"),
  TEST_DAYS("test_days"),
  /**
   * Dates that had an IC: at least {@link PredictionMetrics#MIN_SYMBOLS_PER_DAY} symbols, variance.
   */
  IC_DAYS("ic_days"),
  RANK_IC_DAYS("rank_ic_days"),
  /** Share of top-decile predictions (per date) whose realised return was above zero. */
  TOP_DECILE_HIT_RATE("top_decile_hit_rate"),
  /** Share of bottom-decile predictions whose realised return was below zero. */
  BOTTOM_DECILE_HIT_RATE("bottom_decile_hit_rate"),
  /** Mean daily return of long the top decile, short the bottom decile, equal weights. */
  LONG_SHORT_MEAN_RETURN("long_short_mean_return"),
  LONG_SHORT_T_STAT("long_short_t_stat"),
  /**
   * Rank IC of the same model trained on labels shuffled within each date, the mean over several
   * shuffles: it must be near zero, or test labels or dates reach training or evaluation.
   */
  SHUFFLED_LABEL_RANK_IC("shuffled_label_rank_ic_mean"),
  /** That mean over its standard error across the shuffles (none for one shuffle). */
  SHUFFLED_LABEL_RANK_IC_T_STAT("shuffled_label_rank_ic_t_stat"),
  /** Standard error of that mean, from the spread across the shuffles (none for one shuffle). */
  SHUFFLED_LABEL_RANK_IC_SE("shuffled_label_rank_ic_se");

  private final String key;

  Metric(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}
