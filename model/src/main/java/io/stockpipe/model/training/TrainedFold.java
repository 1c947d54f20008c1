package io.stockpipe.model.training;

import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.registry.RegisteredModel;

/**
 * A model trained by {@code stockpipe train}, alone or as one walk-forward fold.
 *
 * @param model as registered
 * @param outcome its epochs
 * @param trainingSamples samples it learned from
 * @param validationSamples samples early stopping watched
 * @param test the dates it predicted (walk-forward), or null
 * @param testSamples predictions it made on them
 */
public record TrainedFold(
    RegisteredModel model,
    Trainer.Outcome outcome,
    int trainingSamples,
    int validationSamples,
    DateRange test,
    int testSamples) {

  /** The fitted network, while the fold still holds it. */
  public FittedNetwork fitted() {
    return outcome.fitted();
  }

  TrainedFold withTest(DateRange testDates, int samples) {
    return new TrainedFold(model, outcome, trainingSamples, validationSamples, testDates, samples);
  }

  /** The same summary without the network, so that a long walk-forward keeps one in memory. */
  TrainedFold withoutNetwork() {
    return new TrainedFold(
        model, outcome.withoutNetwork(), trainingSamples, validationSamples, test, testSamples);
  }
}
