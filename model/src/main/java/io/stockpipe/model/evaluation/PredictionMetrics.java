package io.stockpipe.model.evaluation;

import io.stockpipe.errors.BadInputException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Scores predictions: the one place that defines the metrics, so that naive, MLlib and DL4J models
 * are compared on equal terms.
 */
public final class PredictionMetrics {
  /**
   * Fewer symbols than this on a date give a correlation too noisy to average in: with 2 symbols
   * every IC is ±1.
   */
  public static final int MIN_SYMBOLS_PER_DAY = 5;

  private PredictionMetrics() {}

  public static EvaluationMetrics evaluate(List<Prediction> predictions) {
    if (predictions.isEmpty()) {
      throw new BadInputException("no predictions to evaluate: the test range has no usable rows");
    }
    Map<LocalDate, List<Prediction>> byDate = new TreeMap<>();
    for (Prediction prediction : predictions) {
      byDate.computeIfAbsent(prediction.tradeDate(), date -> new ArrayList<>()).add(prediction);
    }
    return new EvaluationMetrics(
        directionalAccuracy(predictions),
        DailyCorrelation.of(dailyCorrelations(byDate, values -> values)),
        DailyCorrelation.of(dailyCorrelations(byDate, Correlations::averageRanks)),
        rmse(predictions),
        predictions.size(),
        byDate.size(),
        DecileSpread.of(byDate));
  }

  /** Null when no row had both a predicted and a realised direction. */
  static Double directionalAccuracy(List<Prediction> predictions) {
    long directed = 0;
    long hits = 0;
    for (Prediction prediction : predictions) {
      if (prediction.predicted() == 0 || prediction.actual() == 0) {
        continue;
      }
      directed++;
      if (Math.signum(prediction.predicted()) == Math.signum(prediction.actual())) {
        hits++;
      }
    }
    return directed == 0 ? null : (double) hits / directed;
  }

  static double rmse(List<Prediction> predictions) {
    double squares = 0;
    for (Prediction prediction : predictions) {
      double error = prediction.predicted() - prediction.actual();
      squares += error * error;
    }
    return Math.sqrt(squares / predictions.size());
  }

  /**
   * One correlation per date with enough symbols and variance on both sides, in date order; {@code
   * transform} maps a day's values before correlating (identity for IC, ranks for rank IC).
   */
  private static double[] dailyCorrelations(
      Map<LocalDate, List<Prediction>> byDate, Function<double[], double[]> transform) {
    List<Double> correlations = new ArrayList<>();
    for (List<Prediction> day : byDate.values()) {
      if (day.size() < MIN_SYMBOLS_PER_DAY) {
        continue;
      }
      double[] predicted = day.stream().mapToDouble(Prediction::predicted).toArray();
      double[] actual = day.stream().mapToDouble(Prediction::actual).toArray();
      Correlations.pearson(transform.apply(predicted), transform.apply(actual))
          .ifPresent(correlations::add);
    }
    return correlations.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
