package io.stockpipe.scheduler;

import io.stockpipe.errors.BadInputException;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One business date's chain: which steps, who asked. What the CLI's {@code run}, the demo and the
 * scheduled job all build.
 *
 * @param businessDate the trading date whose bars, features, predictions and scores the chain makes
 * @param steps the steps to run, in chain order (a subset of {@link Step#CHAIN})
 * @param trigger who asked for it
 */
public record ChainRequest(LocalDate businessDate, List<Step> steps, Trigger trigger) {
  public ChainRequest {
    Objects.requireNonNull(businessDate, "business date");
    Objects.requireNonNull(trigger, "trigger");
    if (steps == null || steps.isEmpty()) {
      throw new BadInputException("a chain needs at least one step");
    }
    steps = Step.parseList(Step.keys(steps));
  }

  /** The whole nightly chain for {@code businessDate}. */
  public static ChainRequest nightly(LocalDate businessDate, Trigger trigger) {
    return new ChainRequest(businessDate, Step.CHAIN, trigger);
  }
}
