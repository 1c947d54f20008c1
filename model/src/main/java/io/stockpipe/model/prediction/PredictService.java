package io.stockpipe.model.prediction;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.PipelineException;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.FeatureSetInfo;
import io.stockpipe.model.data.FeatureSets;
import io.stockpipe.model.registry.LoadedModel;
import io.stockpipe.model.registry.ModelRegistry;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.FeatureHistoryReader;
import io.stockpipe.model.samples.PerDateInputs;
import io.stockpipe.progress.Progress;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code stockpipe predict --date D}: every symbol with whole features on D, predicted by the
 * active model (or a named one), ranked, and upserted into prediction.
 */
public final class PredictService {
  private final Database database;
  private final ModelRegistry registry;

  public PredictService(Database database) {
    this.database = database;
    this.registry = new ModelRegistry(database);
  }

  /**
   * @param modelId a registry id, or null for the active model
   */
  public PredictSummary predict(LocalDate asOfDate, Long modelId) {
    long start = System.nanoTime();
    long id =
        modelId != null
            ? modelId
            : registry
                .active()
                .map(RegisteredModel::id)
                .orElseThrow(
                    () ->
                        new BadInputException(
                            "no active model: promote one with `stockpipe model promote ID`"
                                + " (see `stockpipe model list`), or name one with --model"));
    LoadedModel model = registry.load(id);
    long loaded = System.nanoTime();
    RegisteredModel info = model.info();
    FeatureSetInfo featureSet = new FeatureSets(database).resolve(info.featureSetVersion());
    if (!featureSet.registryHash().equals(info.featureSetHash())) {
      throw new PipelineException(
          "feature set "
              + featureSet.version()
              + " now has hash "
              + featureSet.registryHash()
              + " but model "
              + id
              + " was trained on "
              + info.featureSetHash()
              + ": retrain the model");
    }
    int window = info.config().windowDays();
    FeatureHistory history =
        PerDateInputs.normalise(
            new FeatureHistoryReader(database)
                .read(
                    featureSet,
                    info.label(),
                    new DateRange(asOfDate, asOfDate),
                    window,
                    List.of(),
                    Progress.silent()),
            info.config().inputs());
    long day = asOfDate.toEpochDay();
    int[] rows = history.sampleRows(window, false, date -> date == day);
    if (rows.length == 0) {
      throw new BadInputException(
          "no symbol has "
              + (window == 1 ? "complete features" : window + " days of complete features")
              + " on "
              + asOfDate
              + " in feature set "
              + featureSet.version()
              + ": ingest prices and run `stockpipe features` up to that date first");
    }
    double[] outputs = model.fitted().predict(history, rows);
    // Read per predict, so that a closure added to market_holiday counts from the next run.
    TradingCalendar calendar = TradingCalendar.load(database.dataSource());
    List<PredictionRow> predictions =
        Predictions.rank(
            id, info.config().scoredAs(), info.label(), history, rows, outputs, calendar);
    new PredictionStore(database).upsert(predictions);
    long done = System.nanoTime();
    return new PredictSummary(
        info, asOfDate, predictions, (loaded - start) / 1e9, (done - loaded) / 1e9);
  }
}
