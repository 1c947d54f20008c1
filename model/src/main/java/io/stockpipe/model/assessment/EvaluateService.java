package io.stockpipe.model.assessment;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.FeatureSetInfo;
import io.stockpipe.model.data.FeatureSets;
import io.stockpipe.model.evaluation.EvaluationMetrics;
import io.stockpipe.model.evaluation.Metric;
import io.stockpipe.model.evaluation.ModelEvaluation;
import io.stockpipe.model.evaluation.ModelEvaluationStore;
import io.stockpipe.model.evaluation.ModelKind;
import io.stockpipe.model.evaluation.PredictionMetrics;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.prediction.PredictionStore;
import io.stockpipe.model.prediction.Predictions;
import io.stockpipe.model.registry.LoadedModel;
import io.stockpipe.model.registry.ModelRegistry;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.FeatureHistoryReader;
import io.stockpipe.model.samples.PerDateInputs;
import io.stockpipe.model.training.LeakCheck;
import io.stockpipe.progress.Progress;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Judges a registered model on later dates: its predictions go to prediction, its metrics to
 * model_evaluation under the model's name, beside the baselines. The leak check retrains the same
 * configuration on the model's own dates with labels shuffled within each date.
 */
public final class EvaluateService {
  /**
   * model_evaluation.model_name of a judgement on unseen symbols only: the model's name plus it.
   */
  public static final String UNSEEN_SYMBOLS_SUFFIX = "-unseen-symbols";

  private final Database database;
  private final ModelRegistry registry;

  public EvaluateService(Database database) {
    this.database = database;
    this.registry = new ModelRegistry(database);
  }

  /** With {@link LeakCheck#DEFAULT_SHUFFLES} shuffles in the leak check. */
  public EvaluateSummary evaluate(
      long modelId, DateRange test, boolean unseenSymbolsOnly, Progress.Factory progress) {
    return evaluate(modelId, test, unseenSymbolsOnly, LeakCheck.DEFAULT_SHUFFLES, progress);
  }

  /**
   * @param unseenSymbolsOnly judge only the symbols the model did not learn from (its holdout,
   *     those outside its --symbols, those added to the feature set since it was trained)
   * @param leakShuffles trainings on shuffled labels in the leak check (1..{@link
   *     LeakCheck#MAX_SHUFFLES})
   */
  public EvaluateSummary evaluate(
      long modelId,
      DateRange test,
      boolean unseenSymbolsOnly,
      int leakShuffles,
      Progress.Factory progress) {
    LeakCheck.requireShuffles(leakShuffles);
    long start = System.nanoTime();
    LoadedModel loaded = registry.load(modelId);
    RegisteredModel model = loaded.info();
    LocalDate lastSeen = model.validation().to();
    if (!test.from().isAfter(lastSeen)) {
      throw new BadInputException(
          "model "
              + modelId
              + " learned from dates up to "
              + lastSeen
              + " (validation included): --from must be after it, was "
              + test.from());
    }
    Predicate<String> trainedOn = model.scope().trainsOn();
    if (unseenSymbolsOnly && !model.scope().isPartial()) {
      // Only a row registered before V9 lacks its symbols: it learned from every symbol the
      // feature set had then, and which those were is not recorded.
      throw new BadInputException(
          "model "
              + modelId
              + " was trained before the registry recorded its symbols and learned from every"
              + " symbol of the feature set at the time, so which are unseen is unknown: retrain"
              + " it, or train with --holdout-symbols PERCENT (or --symbols) to keep some out");
    }
    FeatureSetInfo featureSet = new FeatureSets(database).resolve(model.featureSetVersion());
    int window = model.config().windowDays();
    FeatureHistoryReader reader = new FeatureHistoryReader(database);
    FeatureHistory testHistory =
        PerDateInputs.normalise(
            reader.read(featureSet, model.label(), test, window, List.of(), Progress.silent()),
            model.config().inputs());
    int[] testRows =
        Arrays.stream(testHistory.labelledSamples(window, test))
            .filter(row -> !unseenSymbolsOnly || !trainedOn.test(testHistory.symbol(row)))
            .toArray();
    if (testRows.length == 0) {
      throw new BadInputException(
          "no samples with features and labels"
              + (unseenSymbolsOnly ? " of symbols the model did not learn from" : "")
              + " between --from "
              + test.from()
              + " and --to "
              + test.to()
              + " in feature set "
              + featureSet.version());
    }
    double[] outputs = loaded.fitted().predict(testHistory, testRows);
    new PredictionStore(database)
        .upsert(
            Predictions.rank(
                modelId,
                model.config().scoredAs(),
                model.label(),
                testHistory,
                testRows,
                outputs,
                TradingCalendar.load(database.dataSource())));
    EvaluationMetrics metrics =
        PredictionMetrics.evaluate(
            Predictions.scored(model.config().scoredAs(), testHistory, testRows, outputs));

    DateRange seen = new DateRange(model.training().from(), lastSeen);
    FeatureHistory trainingHistory =
        PerDateInputs.normalise(
            reader.read(featureSet, model.label(), seen, window, List.of(), Progress.silent()),
            model.config().inputs());
    // A blend's leak check retrains its dense member only: three members on shuffled labels, each
    // shuffle, would cost as much as the blend did, and the dense one sees the same samples.
    boolean blend = model.config().architecture() == Architecture.BLEND;
    NetworkConfig retrained = blend ? model.config().member(Architecture.DENSE) : model.config();
    Map<?, ?> trainedMetrics =
        blend && model.metrics().get("members") instanceof Map<?, ?> members
            ? (Map<?, ?>) members.get("dense")
            : model.metrics();
    int epochs =
        trainedMetrics != null && trainedMetrics.get("epochs") instanceof List<?> ran
            ? ran.size()
            : retrained.maxEpochs();
    LeakCheck.Result leak =
        LeakCheck.shuffledLabelRankIcs(
            retrained,
            epochs,
            trainingHistory,
            learnedFrom(trainingHistory, trainedOn, window, model.training()),
            learnedFrom(trainingHistory, trainedOn, window, model.validation()),
            testHistory,
            testRows,
            leakShuffles,
            progress);

    Map<Metric, Double> values = new LinkedHashMap<>(metrics.byMetric());
    values.putAll(leak.metrics());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("model_id", modelId);
    details.put("leak_check", blend ? "dense member only: " + leak.verdict() : leak.verdict());
    details.put("leak_check_rank_ics", Arrays.stream(leak.rankIcs()).boxed().toList());
    details.put("hyper_parameters", model.config().toMap());
    details.put("config_hash", model.configHash());
    details.put("code_version", model.codeVersion());
    details.put("validation", model.validation().toString());
    details.put("symbols", unseenSymbolsOnly ? "only those the model did not learn from" : "all");
    details.put(
        "symbols_judged", Arrays.stream(testRows).mapToObj(testHistory::symbol).distinct().count());
    details.put("long_short_series", metrics.deciles().seriesByIsoDate());
    new ModelEvaluationStore(database)
        .replace(
            new ModelEvaluation(
                unseenSymbolsOnly ? model.name() + UNSEEN_SYMBOLS_SUFFIX : model.name(),
                ModelKind.DL4J,
                featureSet.version(),
                model.label(),
                seen,
                test,
                values,
                details));
    return new EvaluateSummary(
        model, test, unseenSymbolsOnly, metrics, leak, (System.nanoTime() - start) / 1e9);
  }

  /** The model's own training (or validation) rows: dates in {@code range}, its symbols only. */
  private static int[] learnedFrom(
      FeatureHistory history, Predicate<String> trainedOn, int window, DateRange range) {
    return Arrays.stream(history.labelledSamples(window, range))
        .filter(row -> trainedOn.test(history.symbol(row)))
        .toArray();
  }
}
