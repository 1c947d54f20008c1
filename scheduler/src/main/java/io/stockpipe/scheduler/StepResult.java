package io.stockpipe.scheduler;

import java.util.Objects;

/**
 * How one step ended.
 *
 * @param status succeeded, skipped (nothing to do: the chain goes on) or failed (it stops)
 * @param rows rows the step wrote, or -1 when the notion does not apply
 * @param message what it did, why it skipped or why it failed
 */
public record StepResult(Status status, long rows, String message) {
  /** The outcomes a step reports; job_run stores them in lower case. */
  public enum Status {
    SUCCEEDED,
    SKIPPED,
    FAILED
  }

  /**
   * How the message of a step recorded as skipped because an earlier step failed begins: such a
   * step has not done its dates, whatever its status says.
   */
  public static final String NOT_RUN = "not run: ";

  public StepResult {
    Objects.requireNonNull(status, "status");
  }

  public static StepResult succeeded(long rows, String message) {
    return new StepResult(Status.SUCCEEDED, rows, message);
  }

  public static StepResult skipped(String reason) {
    return new StepResult(Status.SKIPPED, -1, reason);
  }

  public boolean failed() {
    return status == Status.FAILED;
  }
}
