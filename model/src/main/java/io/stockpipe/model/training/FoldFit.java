package io.stockpipe.model.training;

import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.registry.NewModel;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.model.samples.FeatureHistory;

/**
 * A model trained by {@link TrainService} before it is registered. A walk-forward keeps every
 * fold's until the run's name is known; each is a small network (kilobytes to a few megabytes of
 * weights).
 *
 * @param model what the registry will store, not yet in a walk-forward run
 * @param outcome its epochs and the fitted network
 * @param trainingSamples samples it learned from
 * @param validationSamples samples early stopping watched
 * @param test with walk-forward: the dates it predicts, else null
 * @param testRows their rows
 * @param outputs its predictions for them
 */
record FoldFit(
    NewModel model,
    Trainer.Outcome outcome,
    int trainingSamples,
    int validationSamples,
    DateRange test,
    int[] testRows,
    double[] outputs) {

  /** The same fold with its predictions for {@code rows}, the test dates {@code dates}. */
  FoldFit withTest(DateRange dates, int[] rows, FeatureHistory history) {
    return new FoldFit(
        model,
        outcome,
        trainingSamples,
        validationSamples,
        dates,
        rows,
        outcome.fitted().predict(history, rows));
  }

  TrainedFold registered(RegisteredModel registered) {
    return new TrainedFold(
        registered,
        outcome,
        trainingSamples,
        validationSamples,
        test,
        testRows == null ? 0 : testRows.length);
  }
}
