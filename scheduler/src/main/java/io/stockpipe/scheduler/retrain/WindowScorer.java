package io.stockpipe.scheduler.retrain;

import io.stockpipe.db.Database;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.FeatureSetInfo;
import io.stockpipe.model.data.FeatureSets;
import io.stockpipe.model.evaluation.DailyCorrelation;
import io.stockpipe.model.evaluation.Prediction;
import io.stockpipe.model.evaluation.PredictionMetrics;
import io.stockpipe.model.prediction.Predictions;
import io.stockpipe.model.registry.LoadedModel;
import io.stockpipe.model.registry.ModelRegistry;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.FeatureHistoryReader;
import io.stockpipe.model.samples.PerDateInputs;
import io.stockpipe.progress.Progress;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Scores registered models on a window of dates with the pipeline's own metric ({@link
 * PredictionMetrics}: the mean over dates of the rank correlation across symbols), each model
 * predicting from its own feature set and window of days with the network stored in the registry,
 * as the nightly's predictions do. Two models are compared on the samples both have, so neither is
 * judged on a symbol or date the other was spared. Stateless and thread-safe.
 */
final class WindowScorer {
  /** One symbol on one date. */
  record Sample(String symbol, LocalDate date) {}

  /**
   * A comparison's outcome.
   *
   * @param days distinct dates judged
   * @param candidateRankIc the first model's mean daily rank IC
   * @param activeRankIc the second's, on the same samples; null when the candidate was judged alone
   */
  record Scores(int days, double candidateRankIc, Double activeRankIc) {}

  private final Database database;
  private final ModelRegistry registry;

  WindowScorer(Database database) {
    this.database = database;
    this.registry = new ModelRegistry(database);
  }

  /**
   * What {@code model} predicts for every sample of {@code window} with features and a label, in
   * date order within each symbol; empty when its feature set's definition has changed since it was
   * trained (then it cannot predict at all: the nightly's predict step refuses it too).
   */
  Optional<Map<Sample, Prediction>> predictions(RegisteredModel model, DateRange window) {
    FeatureSetInfo featureSet = new FeatureSets(database).resolve(model.featureSetVersion());
    if (!featureSet.registryHash().equals(model.featureSetHash())) {
      return Optional.empty();
    }
    LoadedModel loaded = registry.load(model.id());
    int windowDays = model.config().windowDays();
    FeatureHistory history =
        PerDateInputs.normalise(
            new FeatureHistoryReader(database)
                .read(featureSet, model.label(), window, windowDays, List.of(), Progress.silent()),
            model.config().inputs());
    int[] rows = history.labelledSamples(windowDays, window);
    double[] outputs = loaded.fitted().predict(history, rows);
    Map<Sample, Prediction> bySample = new LinkedHashMap<>();
    for (Prediction prediction :
        Predictions.scored(model.config().scoredAs(), history, rows, outputs)) {
      bySample.put(new Sample(prediction.symbol(), prediction.tradeDate()), prediction);
    }
    return Optional.of(bySample);
  }

  /** Distinct dates among the samples that {@code judged} accepts. */
  static int days(Map<Sample, Prediction> predictions, Predicate<LocalDate> judged) {
    return (int) predictions.keySet().stream().map(Sample::date).filter(judged).distinct().count();
  }

  /** The candidate alone, on its samples whose date {@code judged} accepts. */
  static Scores alone(Map<Sample, Prediction> candidate, Predicate<LocalDate> judged) {
    List<Prediction> kept = new ArrayList<>();
    for (Map.Entry<Sample, Prediction> entry : candidate.entrySet()) {
      if (judged.test(entry.getKey().date())) {
        kept.add(entry.getValue());
      }
    }
    return new Scores(days(candidate, judged), rankIc(kept), null);
  }

  /** Both models on the samples both predicted whose date {@code judged} accepts. */
  static Scores compare(
      Map<Sample, Prediction> candidate,
      Map<Sample, Prediction> active,
      Predicate<LocalDate> judged) {
    List<Prediction> candidateKept = new ArrayList<>();
    List<Prediction> activeKept = new ArrayList<>();
    Map<Sample, Prediction> both = new LinkedHashMap<>();
    for (Map.Entry<Sample, Prediction> entry : candidate.entrySet()) {
      Prediction other = active.get(entry.getKey());
      if (other != null && judged.test(entry.getKey().date())) {
        candidateKept.add(entry.getValue());
        activeKept.add(other);
        both.put(entry.getKey(), entry.getValue());
      }
    }
    return new Scores(days(both, date -> true), rankIc(candidateKept), rankIc(activeKept));
  }

  /**
   * The mean daily rank IC; 0 for a model that ranked no date (the same prediction for every
   * symbol, or too few symbols on each): no ranking is worth nothing, as in the leak check.
   */
  static double rankIc(List<Prediction> predictions) {
    if (predictions.isEmpty()) {
      return 0;
    }
    DailyCorrelation rankIc = PredictionMetrics.evaluate(predictions).rankIc();
    return rankIc.mean() == null ? 0 : rankIc.mean();
  }
}
