package io.stockpipe.scheduler.node;

import io.stockpipe.scheduler.Step;
import java.util.List;
import java.util.Optional;

/**
 * A business date's chain as the cluster runs it: stages of consecutive steps of one role, each a
 * Quartz job on that role's scheduler, each handing the chain to the next when it is done.
 */
public enum Stage {
  PREPARE(Role.ETL, List.of(Step.INGEST, Step.FEATURES)),
  PREDICT(Role.MODEL, List.of(Step.PREDICT)),
  FINISH(Role.ETL, List.of(Step.SCORE, Step.REPORT));

  private final Role role;
  private final List<Step> steps;

  Stage(Role role, List<Step> steps) {
    this.role = role;
    this.steps = steps;
  }

  public Role role() {
    return role;
  }

  public List<Step> steps() {
    return steps;
  }

  /** The stage that holds {@code step}: its role's scheduler runs the step. */
  public static Stage of(Step step) {
    for (Stage stage : values()) {
      if (stage.steps.contains(step)) {
        return stage;
      }
    }
    throw new IllegalArgumentException("no stage runs " + step);
  }

  /** The first stage at or after {@code this} that holds one of {@code chainSteps}. */
  public static Optional<Stage> firstFrom(Stage from, List<Step> chainSteps) {
    for (Stage stage : values()) {
      if (stage.ordinal() >= from.ordinal()
          && stage.steps.stream().anyMatch(chainSteps::contains)) {
        return Optional.of(stage);
      }
    }
    return Optional.empty();
  }

  public Optional<Stage> nextFor(List<Step> chainSteps) {
    return ordinal() + 1 < values().length
        ? firstFrom(values()[ordinal() + 1], chainSteps)
        : Optional.empty();
  }
}
