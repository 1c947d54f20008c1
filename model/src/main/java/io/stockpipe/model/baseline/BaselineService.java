package io.stockpipe.model.baseline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.stockpipe.db.Database;
import io.stockpipe.model.data.DataPreparation;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.FeatureSetInfo;
import io.stockpipe.model.data.FeatureSets;
import io.stockpipe.model.data.LabeledRowReader;
import io.stockpipe.model.data.PreparedData;
import io.stockpipe.model.data.RowCounts;
import io.stockpipe.model.evaluation.EvaluationMetrics;
import io.stockpipe.model.evaluation.ModelEvaluation;
import io.stockpipe.model.evaluation.ModelEvaluationStore;
import io.stockpipe.model.evaluation.ModelKind;
import io.stockpipe.model.evaluation.Prediction;
import io.stockpipe.model.evaluation.PredictionMetrics;
import io.stockpipe.progress.Progress;
import io.stockpipe.spark.JdbcEndpoint;
import io.stockpipe.spark.SparkSessions;
import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stockpipe baseline}: scores the naive rules and the MLlib models on the test range and
 * stores every metric in model_evaluation, replacing the rows of an earlier run of the same models,
 * feature set, label and ranges.
 *
 * <p>The MLlib models choose hyper-parameters by fitting on the earlier training dates and scoring
 * on the last ones ({@link ValidationSplit}), then refit on the whole training range with the
 * choice; the test range is read only to score the refitted model.
 */
public final class BaselineService {
  private static final Logger log = LoggerFactory.getLogger(BaselineService.class);
  private static final int MODEL_COUNT = 5;

  private final Database database;
  private final JdbcEndpoint endpoint;

  public BaselineService(Database database, JdbcEndpoint endpoint) {
    this.database = database;
    this.endpoint = endpoint;
  }

  public BaselineSummary evaluate(BaselineRequest request, Progress progress) {
    // Everything that can fail on bad input fails here, before Spark starts.
    FeatureSetInfo featureSet = new FeatureSets(database).resolve(request.featureSetVersion());
    NaiveBaselines naive = new NaiveBaselines(featureSet);
    progress.total(MODEL_COUNT);

    SparkSession spark = SparkSessions.getOrCreate(request.spark());
    Dataset<Row> labeledRows =
        new LabeledRowReader(endpoint, request.spark().readPartitions())
            .read(spark, featureSet, request.label(), request.training(), request.test());
    PreparedData data =
        DataPreparation.prepare(
            labeledRows,
            featureSet,
            request.training(),
            request.test(),
            request.spark().shufflePartitions());
    try {
      RowCounts rows = data.counts();
      log.info(
          "feature set {}: {} training and {} test rows; dropped {} with incomplete features"
              + " and {} without label",
          featureSet.version(),
          rows.trainingKept(),
          rows.testKept(),
          rows.droppedIncompleteFeatures(),
          rows.droppedMissingLabel());
      Run run = new Run(request, featureSet, data, new ModelEvaluationStore(database), progress);
      List<ModelResult> results = new ArrayList<>(run.naive(naive));
      ValidationSplit split =
          ValidationSplit.of(
              trainingDates(data.training()),
              request.tuning().validationFraction(),
              purgedDates(request),
              request.training());
      results.add(
          run.mllib(MllibBaselines.linearRegression(request.tuning(), request.target()), split));
      results.add(
          run.mllib(
              MllibBaselines.gradientBoostedTrees(request.tuning(), request.target()), split));
      progress.finish();
      return new BaselineSummary(
          featureSet.version(), request.label(), request.training(), request.test(), rows, results);
    } finally {
      data.release();
    }
  }

  /**
   * Training dates left out between fit and validation, and at the end of training before the test
   * range: a label {@code h} rows ahead overlaps the next {@code h - 1} dates' labels. None for the
   * 1-day label. At the end of training this is conservative: it does not look at how many trading
   * dates lie between the training and test ranges.
   */
  private static int purgedDates(BaselineRequest request) {
    return request.label().horizonRows() - 1;
  }

  private static List<LocalDate> trainingDates(Dataset<Row> trainingRows) {
    return trainingRows
        .select(DataPreparation.TRADE_DATE)
        .distinct()
        .orderBy(DataPreparation.TRADE_DATE)
        .collectAsList()
        .stream()
        .map(row -> row.getDate(0).toLocalDate())
        .toList();
  }

  /** One evaluation's shared state, so each model's code reads as its steps. */
  private static final class Run {
    private final BaselineRequest request;
    private final FeatureSetInfo featureSet;
    private final PreparedData data;
    private final Dataset<Row> training;
    private final ModelEvaluationStore store;
    private final Progress progress;

    Run(
        BaselineRequest request,
        FeatureSetInfo featureSet,
        PreparedData data,
        ModelEvaluationStore store,
        Progress progress) {
      this.request = request;
      this.featureSet = featureSet;
      this.data = data;
      // Per date over every training row of it; fit and validation split by date, so each date's
      // target is the same whichever side it falls on.
      this.training = PerDateTarget.add(data.training(), request.target());
      this.store = store;
      this.progress = progress;
    }

    List<ModelResult> naive(NaiveBaselines baselines) {
      long started = System.nanoTime();
      Map<String, List<Prediction>> predictions = baselines.predict(data.test());
      Duration elapsed = Duration.ofNanos((System.nanoTime() - started) / predictions.size());
      List<ModelResult> results = new ArrayList<>();
      for (Map.Entry<String, List<Prediction>> model : predictions.entrySet()) {
        Map<String, Object> details = commonDetails();
        details.put("rule", NaiveBaselines.rules().get(model.getKey()));
        results.add(
            finish(
                model.getKey(),
                ModelKind.NAIVE,
                PredictionMetrics.evaluate(model.getValue()),
                Map.of(),
                details,
                elapsed));
      }
      return results;
    }

    ModelResult mllib(List<MllibCandidate> candidates, ValidationSplit split) {
      long started = System.nanoTime();
      String modelName = candidates.get(0).modelName();
      HyperParameterSearch.Outcome outcome =
          HyperParameterSearch.choose(
              candidates, between(training, split.fit()), between(training, split.validation()));
      MllibCandidate chosen = outcome.chosen();
      log.info(
          "{}: chose {} on validation {}", modelName, chosen.hyperParameters(), split.validation());
      DateRange refit = refitRange();
      PipelineModel model = chosen.fit(between(training, refit));
      EvaluationMetrics metrics =
          PredictionMetrics.evaluate(MllibCandidate.predict(model, data.test()));

      Map<String, Object> selection = new LinkedHashMap<>();
      selection.put("metric", HyperParameterSearch.SELECTION_METRIC.key());
      selection.put("fit_from", split.fit().from().toString());
      selection.put("fit_to", split.fit().to().toString());
      selection.put("validation_from", split.validation().from().toString());
      selection.put("validation_to", split.validation().to().toString());
      selection.put("candidates", outcome.scores());
      Map<String, Object> details = commonDetails();
      details.put("hyper_parameters", chosen.hyperParameters());
      details.put("target", request.target().key());
      details.put("selection", selection);
      details.put("refit_from", refit.from().toString());
      details.put("refit_to", refit.to().toString());
      return finish(
          modelName,
          ModelKind.MLLIB,
          metrics,
          chosen.hyperParameters(),
          details,
          Duration.ofNanos(System.nanoTime() - started));
    }

    /** The whole training range, less the last purged dates (see {@link #purgedDates}). */
    private DateRange refitRange() {
      int purged = purgedDates(request);
      if (purged == 0) {
        return request.training();
      }
      List<LocalDate> dates = trainingDates(data.training());
      return new DateRange(dates.get(0), dates.get(dates.size() - 1 - purged));
    }

    private ModelResult finish(
        String modelName,
        ModelKind kind,
        EvaluationMetrics metrics,
        Map<String, Object> hyperParameters,
        Map<String, Object> details,
        Duration elapsed) {
      store.replace(
          new ModelEvaluation(
              modelName,
              kind,
              featureSet.version(),
              request.label(),
              request.training(),
              request.test(),
              metrics.byMetric(),
              details));
      progress.advance(1, metrics.testRows());
      return new ModelResult(modelName, kind, metrics, hyperParameters, details, elapsed);
    }

    /**
     * Provenance shared by every model of the run. No timings: a rerun must store the same rows.
     */
    private Map<String, Object> commonDetails() {
      RowCounts rows = data.counts();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("feature_set_registry_hash", featureSet.registryHash());
      details.put("training_rows", rows.trainingKept());
      details.put("test_rows", rows.testKept());
      details.put("dropped_incomplete_features", rows.droppedIncompleteFeatures());
      details.put("dropped_missing_label", rows.droppedMissingLabel());
      return details;
    }

    private static Dataset<Row> between(Dataset<Row> rows, DateRange range) {
      return rows.filter(
          col(DataPreparation.TRADE_DATE)
              .between(lit(Date.valueOf(range.from())), lit(Date.valueOf(range.to()))));
    }
  }
}
