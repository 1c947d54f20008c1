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
  RANK_IC_DAYS("rank_ic_days");

  private final String key;

  Metric(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}
