package io.stockpipe.model.training;

import io.stockpipe.db.Database;
import io.stockpipe.model.data.FeatureSetInfo;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.FeatureHistoryReader;
import io.stockpipe.model.samples.PerDateInputs;
import io.stockpipe.progress.Progress;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The samples one model of {@code stockpipe train} (not a walk-forward) learns from, split by date
 * into training and validation with one label horizon between them: what a network and a blend's
 * members alike are trained on.
 *
 * @param history the request's features and labels, inputs normalised as it asks
 * @param candidates the labelled samples of the symbols it trains on, in row order
 * @param split the training and validation dates
 * @param trainingRows the candidates dated in {@code split.training()}
 * @param validationRows the candidates dated in {@code split.validation()}
 */
public record TrainingSamples(
    FeatureHistory history,
    int[] candidates,
    TimeSplit split,
    int[] trainingRows,
    int[] validationRows) {

  /** The request's history, with {@code config().windowDays()} of lead-in before its range. */
  public static FeatureHistory read(
      Database database,
      FeatureSetInfo featureSet,
      TrainRequest request,
      Progress.Factory progress) {
    Progress reading = progress.start("read features", 0, "tables", "rows");
    FeatureHistory history =
        new FeatureHistoryReader(database)
            .read(
                featureSet,
                request.label(),
                request.range(),
                request.config().windowDays(),
                request.scope().symbols(),
                reading);
    reading.finish();
    // Per-date normalisation decides which rows are complete, so it comes before any sampling.
    return PerDateInputs.normalise(history, request.config().inputs());
  }

  /** The samples of {@code history} in the request's range and scope, split by date. */
  public static TrainingSamples of(FeatureHistory history, TrainRequest request) {
    int window = request.config().windowDays();
    int[] candidates =
        trainable(history, request, history.labelledSamples(window, request.range()));
    TimeSplit split =
        TimeSplit.of(
            TrainService.dates(history, candidates),
            TimeSplit.DEFAULT_VALIDATION_FRACTION,
            request.label().horizonRows());
    return new TrainingSamples(
        history,
        candidates,
        split,
        TrainService.within(history, candidates, split.training()),
        TrainService.within(history, candidates, split.validation()));
  }

  /** The rows of symbols the request trains on (all but a holdout, say). */
  static int[] trainable(FeatureHistory history, TrainRequest request, int[] rows) {
    if (!request.scope().isPartial()) {
      return rows;
    }
    Predicate<String> trainsOn = request.scope().trainsOn();
    return Arrays.stream(rows).filter(row -> trainsOn.test(history.symbol(row))).toArray();
  }
}
