package io.stockpipe.model.training;

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
import io.stockpipe.model.evaluation.Prediction;
import io.stockpipe.model.evaluation.PredictionMetrics;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.prediction.PredictionStore;
import io.stockpipe.model.prediction.Predictions;
import io.stockpipe.model.registry.CodeVersion;
import io.stockpipe.model.registry.ModelRegistry;
import io.stockpipe.model.registry.NewModel;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.progress.Progress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code stockpipe train}: one model on a date range, or walk-forward folds whose test predictions
 * go to the prediction table and, scored together, to model_evaluation.
 *
 * <p>Between training and validation, and between a fold's training and its test dates, the dates
 * of one label horizon are left out, so that no training label is realised on a later date the
 * model is judged on.
 */
public final class TrainService {
  private final Database database;
  private final ModelRegistry registry;

  public TrainService(Database database) {
    this.database = database;
    this.registry = new ModelRegistry(database);
  }

  public TrainSummary train(TrainRequest request, Progress.Factory progress) {
    long start = System.nanoTime();
    if (request.config().architecture() == Architecture.BLEND) {
      throw new IllegalArgumentException("a blend is trained by BlendService, not TrainService");
    }
    FeatureSetInfo featureSet = new FeatureSets(database).resolve(request.featureSetVersion());
    FeatureHistory history = TrainingSamples.read(database, featureSet, request, progress);
    if (request.walkForward() == null) {
      TrainingSamples samples = TrainingSamples.of(history, request);
      FoldFit fit =
          fitFold(
              request,
              featureSet,
              history,
              samples.candidates(),
              samples.split(),
              "train " + name(request),
              progress);
      return new TrainSummary(
          List.of(fit.registered(registry.register(fit.model()))),
          null,
          null,
          null,
          seconds(start));
    }
    return walkForward(request, featureSet, history, progress, start);
  }

  private TrainSummary walkForward(
      TrainRequest request,
      FeatureSetInfo featureSet,
      FeatureHistory history,
      Progress.Factory progress,
      long start) {
    int window = request.config().windowDays();
    WalkForward walkForward = request.walkForward();
    List<WalkForward.Fold> folds = walkForward.folds(request.range());
    List<FoldFit> fitted = new ArrayList<>();
    List<Prediction> scored = new ArrayList<>();
    LeakCheck.Result leak = null;
    for (int k = 0; k < folds.size(); k++) {
      WalkForward.Fold fold = folds.get(k);
      int[] testRows = history.labelledSamples(window, fold.test());
      if (testRows.length == 0) {
        continue; // e.g. a last period without labels yet: nothing to judge
      }
      // Dates before the test period, less one label horizon: those labels end inside it.
      int[] candidates =
          TrainingSamples.trainable(
              history, request, history.labelledSamples(window, fold.trainable()));
      List<LocalDate> trainable = dates(history, candidates);
      List<LocalDate> kept = trainable.subList(0, Math.max(0, trainable.size() - gap(request)));
      TimeSplit split;
      try {
        split = TimeSplit.of(kept, TimeSplit.DEFAULT_VALIDATION_FRACTION, gap(request));
      } catch (BadInputException e) {
        throw new BadInputException(
            "walk-forward fold testing " + fold.test() + ": " + e.getMessage(), e);
      }
      String task = String.format("train %s fold %d/%d", name(request), k + 1, folds.size());
      FoldFit fit =
          fitFold(request, featureSet, history, candidates, split, task, progress)
              .withTest(fold.test(), testRows, history);
      scored.addAll(
          Predictions.scored(request.config().scoredAs(), history, testRows, fit.outputs()));
      fitted.add(fit);
      if (k == 0 && request.leakShuffles() > 0) {
        leak =
            LeakCheck.shuffledLabelRankIcs(
                fit.model().fitted().config(),
                fit.outcome().epochs().size(),
                history,
                within(history, candidates, split.training()),
                within(history, candidates, split.validation()),
                history,
                testRows,
                request.leakShuffles(),
                progress);
      }
    }
    if (fitted.isEmpty()) {
      throw new BadInputException(
          "no walk-forward fold between --test-from "
              + walkForward.testFrom()
              + " and --to "
              + request.range().to()
              + " has samples with labels to predict");
    }
    // Registered only now, because the run's name covers every fold's weights.
    String run =
        runName(
            request, featureSet, fitted.stream().map(fit -> fit.model().networkSha256()).toList());
    PredictionStore predictions = new PredictionStore(database);
    TradingCalendar calendar = TradingCalendar.load(database.dataSource());
    List<TrainedFold> trained = new ArrayList<>();
    List<Map<String, Object>> foldDetails = new ArrayList<>();
    for (FoldFit fit : fitted) {
      RegisteredModel model = registry.register(fit.model().inWalkForwardRun(run));
      predictions.upsert(
          Predictions.rank(
              model.id(),
              request.config().scoredAs(),
              request.label(),
              history,
              fit.testRows(),
              fit.outputs(),
              calendar));
      trained.add(fit.registered(model).withoutNetwork());
      Map<String, Object> foldDetail = new LinkedHashMap<>();
      foldDetail.put("model_id", model.id());
      foldDetail.put("training", model.training().toString());
      foldDetail.put("validation", model.validation().toString());
      foldDetail.put("test", fit.test().toString());
      foldDetail.put("best_epoch", fit.outcome().bestEpoch());
      if (!request.tuning().isEmpty()) {
        foldDetail.put("tuned", request.tuning().describe(fit.model().fitted().config()));
      }
      foldDetails.add(foldDetail);
    }
    EvaluationMetrics metrics = PredictionMetrics.evaluate(scored);
    Map<Metric, Double> values = new LinkedHashMap<>(metrics.byMetric());
    if (leak != null) {
      values.putAll(leak.metrics());
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("hyper_parameters", request.config().toMap());
    if (!request.tuning().isEmpty()) {
      details.put("tuning", request.tuning().values());
    }
    details.put("walk_forward", walkForward.period().toString());
    details.put("folds", foldDetails);
    details.put(
        "leak_check",
        leak == null
            ? "not run"
            : "first fold, labels shuffled within each date: " + leak.verdict());
    if (leak != null) {
      details.put("leak_check_rank_ics", Arrays.stream(leak.rankIcs()).boxed().toList());
    }
    details.put("long_short_series", metrics.deciles().seriesByIsoDate());
    new ModelEvaluationStore(database)
        .replace(
            new ModelEvaluation(
                run,
                ModelKind.DL4J,
                featureSet.version(),
                request.label(),
                new DateRange(request.range().from(), walkForward.testFrom().minusDays(1)),
                new DateRange(walkForward.testFrom(), request.range().to()),
                values,
                details));
    return new TrainSummary(trained, run, metrics, leak, seconds(start));
  }

  /** Trains (and tunes) one model on {@code split}'s dates of {@code candidates}. */
  private static FoldFit fitFold(
      TrainRequest request,
      FeatureSetInfo featureSet,
      FeatureHistory history,
      int[] candidates,
      TimeSplit split,
      String task,
      Progress.Factory progress) {
    int[] trainingRows = within(history, candidates, split.training());
    int[] validationRows = within(history, candidates, split.validation());
    Tuning tuning = request.tuning();
    List<NetworkConfig> configs = tuning.candidates(request.config());
    Trainer.Outcome outcome = null;
    List<Map<String, Object>> tried = new ArrayList<>();
    for (int c = 0; c < configs.size(); c++) {
      NetworkConfig candidate = configs.get(c);
      String label =
          configs.size() == 1
              ? task
              : String.format(
                  "%s, %d/%d %s", task, c + 1, configs.size(), tuning.describe(candidate));
      Progress epochs = progress.start(label, candidate.maxEpochs(), "epochs", "samples");
      Trainer.Outcome candidateOutcome =
          Trainer.train(candidate, history, trainingRows, validationRows, epochs);
      epochs.finish();
      Map<String, Object> attempt = new LinkedHashMap<>();
      attempt.put("hyper_parameters", tuning.describe(candidate));
      attempt.put("validation_rank_ic", Trainer.finiteOrNull(candidateOutcome.validationRankIc()));
      attempt.put("validation_loss", candidateOutcome.bestValidationLoss());
      attempt.put("best_epoch", candidateOutcome.bestEpoch());
      tried.add(attempt);
      // The highest validation rank IC wins; the first of equals, so the order given breaks ties.
      // A candidate without one (NaN) never beats one with.
      if (outcome == null
          || candidateOutcome.validationRankIc() > outcome.validationRankIc()
          || (Double.isNaN(outcome.validationRankIc())
              && !Double.isNaN(candidateOutcome.validationRankIc()))) {
        outcome = candidateOutcome;
      }
    }
    double[] validationOutputs = outcome.fitted().predict(history, validationRows);
    EvaluationMetrics validation =
        PredictionMetrics.evaluate(
            Predictions.scored(
                request.config().scoredAs(), history, validationRows, validationOutputs));
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("validation_loss", outcome.bestValidationLoss());
    if (configs.size() > 1) {
      metrics.put("tuned", tuning.describe(outcome.fitted().config()));
      metrics.put("tuning", tried);
    }
    metrics.put("validation_rank_ic", validation.rankIc().mean());
    metrics.put("validation_ic", validation.ic().mean());
    metrics.put("validation_directional_accuracy", validation.directionalAccuracy());
    metrics.put("best_epoch", outcome.bestEpoch());
    if (outcome.members().size() > 1) {
      metrics.put("ensemble_members", outcome.members());
    }
    metrics.put("training_samples", trainingRows.length);
    metrics.put("validation_samples", validationRows.length);
    metrics.put(
        "epochs",
        outcome.epochs().stream()
            .map(
                e -> {
                  Map<String, Object> epoch = new LinkedHashMap<>();
                  epoch.put("epoch", e.epoch());
                  epoch.put("loss", e.trainingLoss());
                  epoch.put("validation_loss", e.validationLoss());
                  epoch.put("validation_rank_ic", Trainer.finiteOrNull(e.validationRankIc()));
                  epoch.put("samples_per_second", Math.round(e.samplesPerSecond()));
                  return epoch;
                })
            .toList());
    TreeSet<String> learnedFrom = new TreeSet<>();
    for (int[] rows : new int[][] {trainingRows, validationRows}) {
      for (int row : rows) {
        learnedFrom.add(history.symbol(row));
      }
    }
    NewModel model =
        new NewModel(
            outcome.fitted(),
            request.label(),
            featureSet,
            split.training(),
            split.validation(),
            request.scope(),
            List.copyOf(learnedFrom),
            metrics,
            null,
            CodeVersion.current());
    return new FoldFit(
        model, outcome, trainingRows.length, validationRows.length, null, null, null);
  }

  static int[] within(FeatureHistory history, int[] rows, DateRange range) {
    return Arrays.stream(rows).filter(row -> range.contains(history.date(row))).toArray();
  }

  static List<LocalDate> dates(FeatureHistory history, int[] rows) {
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (int row : rows) {
      dates.add(history.date(row));
    }
    return new ArrayList<>(dates);
  }

  private static int gap(TrainRequest request) {
    return request.label().horizonRows();
  }

  private static String name(TrainRequest request) {
    return request.config().architecture().key();
  }

  /**
   * {@code dense-next_return_1d-wf-1y-<10 hex>}, a hash of the request and of every fold's weights:
   * the same request on the same code names the same run (a rerun replaces its evaluation), while
   * other code, whose folds are new models, is a run of its own beside the old one.
   */
  static String runName(
      TrainRequest request, FeatureSetInfo featureSet, List<String> foldModelSha256s) {
    String hash =
        NewModel.configHash(
            request.config(),
            request.label(),
            featureSet,
            request.range(),
            new DateRange(request.walkForward().testFrom(), request.range().to()),
            request.scope());
    if (!request.tuning().isEmpty()) {
      // A different grid is a different run, even from the same starting config.
      hash =
          NewModel.sha256(
              (hash + " tuning " + request.tuning().values()).getBytes(StandardCharsets.UTF_8));
    }
    hash =
        NewModel.sha256(
            (hash + " folds " + String.join(",", foldModelSha256s))
                .getBytes(StandardCharsets.UTF_8));
    String period =
        request.walkForward().period().toString().substring(1).toLowerCase(java.util.Locale.ROOT);
    return request.config().architecture().key()
        + "-"
        + request.label().column()
        + "-wf-"
        + period
        + "-"
        + hash.substring(0, 10);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
