package io.stockpipe.model.blend;

import io.stockpipe.model.evaluation.PredictionMetrics;
import io.stockpipe.model.network.Target;
import io.stockpipe.model.prediction.Predictions;
import io.stockpipe.model.samples.FeatureHistory;

/**
 * Chooses a blend's weights: the point of {@link BlendWeights#simplexGrid()} whose blended score
 * has the highest mean daily rank IC on the validation rows; the first of equals, and a point
 * without one (no date with a rank IC) never beats one with. Only the rows given are looked at.
 * Thread-safe (no state).
 */
final class WeightSelection {
  private WeightSelection() {}

  /**
   * @param weights the chosen point
   * @param validationRankIc its mean daily rank IC on the validation rows, NaN if none
   */
  record Choice(BlendWeights weights, double validationRankIc) {}

  /** The ranks are the members' centred ranks per date of {@code validationRows}, row by row. */
  static Choice choose(
      FeatureHistory history,
      int[] validationRows,
      double[] denseRanks,
      double[] cnnRanks,
      double[] treeRanks) {
    BlendWeights best = null;
    double bestRankIc = Double.NaN;
    for (BlendWeights point : BlendWeights.simplexGrid()) {
      double rankIc =
          rankIc(history, validationRows, point.combine(denseRanks, cnnRanks, treeRanks));
      if (best == null
          || rankIc > bestRankIc
          || (Double.isNaN(bestRankIc) && !Double.isNaN(rankIc))) {
        best = point;
        bestRankIc = rankIc;
      }
    }
    return new Choice(best, bestRankIc);
  }

  /** Mean daily rank IC of {@code scores} against the raw labels of {@code rows}; NaN if none. */
  static double rankIc(FeatureHistory history, int[] rows, double[] scores) {
    Double mean =
        PredictionMetrics.evaluate(Predictions.scored(Target.RANK, history, rows, scores))
            .rankIc()
            .mean();
    return mean == null ? Double.NaN : mean;
  }
}
