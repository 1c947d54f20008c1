package io.stockpipe.model.baseline;

import io.stockpipe.model.evaluation.EvaluationMetrics;
import io.stockpipe.model.evaluation.Metric;
import io.stockpipe.model.evaluation.PredictionMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Chooses among candidates by their mean daily rank IC on the validation window: the models are
 * meant to rank symbols against each other each day, which RMSE (dominated by a few large moves)
 * does not measure. Ties and undefined scores go to the earlier candidate, the simpler one in the
 * grids of {@link MllibBaselines}.
 */
final class HyperParameterSearch {
  static final Metric SELECTION_METRIC = Metric.RANK_IC_MEAN;

  private HyperParameterSearch() {}

  /**
   * The choice and every candidate's score.
   *
   * @param chosen the candidate to refit on the whole training range
   * @param chosenFit the chosen candidate as fitted on the fit rows only, for a caller that keeps
   *     it rather than refitting (a blend, whose weights the same validation dates choose)
   * @param scores one entry per candidate: its hyper-parameters and validation scores
   */
  record Outcome(MllibCandidate chosen, PipelineModel chosenFit, List<Map<String, Object>> scores) {
    Outcome {
      scores = Collections.unmodifiableList(new ArrayList<>(scores));
    }
  }

  static Outcome choose(
      List<MllibCandidate> candidates, Dataset<Row> fitRows, Dataset<Row> validationRows) {
    MllibCandidate best = null;
    PipelineModel bestFit = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    List<Map<String, Object>> scores = new ArrayList<>();
    for (MllibCandidate candidate : candidates) {
      PipelineModel fitted = candidate.fit(fitRows);
      EvaluationMetrics validation =
          PredictionMetrics.evaluate(MllibCandidate.predict(fitted, validationRows));
      Double score = validation.byMetric().get(SELECTION_METRIC);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("hyper_parameters", candidate.hyperParameters());
      entry.put(SELECTION_METRIC.key(), score);
      entry.put(Metric.RMSE.key(), validation.rmse());
      scores.add(entry);
      if (best == null || (score != null && score > bestScore)) {
        best = candidate;
        bestFit = fitted;
        bestScore = score == null ? Double.NEGATIVE_INFINITY : score;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no candidates to choose from");
    }
    return new Outcome(best, bestFit, scores);
  }
}
