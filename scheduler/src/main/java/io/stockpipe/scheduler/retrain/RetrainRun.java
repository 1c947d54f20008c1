package io.stockpipe.scheduler.retrain;

import io.stockpipe.db.Database;
import io.stockpipe.db.runs.RunLock;
import io.stockpipe.errors.DatabaseUnavailableException;
import io.stockpipe.errors.PipelineException;
import io.stockpipe.errors.TransientException;
import io.stockpipe.progress.Progress;
import io.stockpipe.scheduler.StepResult;
import io.stockpipe.scheduler.Trigger;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.scheduler.audit.JobAudit.RunHandle;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A retrain as a job_run row with step {@code 'retrain'}, so that {@code stockpipe runs} and {@code
 * status} show it beside the chains' steps: under the retrain's lease (one at a time in the
 * cluster), dated the day it ran, its message the decision or why it failed. A failure is a result,
 * never an exception, so a scheduler node stays up; it is not retried (the next week's retrain, or
 * {@code stockpipe retrain}, tries again). What the CLI's {@code retrain} and the weekly job both
 * call. Thread-safe as its parts are.
 */
public final class RetrainRun {
  /** job_run.step of a retrain (V11's CHECK allows it). */
  public static final String STEP = "retrain";

  private static final Logger log = LoggerFactory.getLogger(RetrainRun.class);

  /**
   * How a retrain ended.
   *
   * @param result as job_run records it
   * @param decision the decision, when the retrain got as far
   */
  public record Outcome(StepResult result, Optional<RetrainDecision> decision) {
    public Outcome {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(decision, "decision");
    }
  }

  private final Database database;
  private final RetrainService service;
  private final JobAudit audit;
  private final Progress.Factory progress;
  private final Consumer<String> out;

  public RetrainRun(
      Database database, JobAudit audit, Progress.Factory progress, Consumer<String> out) {
    this.database = database;
    this.service = new RetrainService(database);
    this.audit = audit;
    this.progress = progress;
    this.out = out;
  }

  /** Runs a retrain as {@code policy} says, on {@code runDate}, for {@code trigger}. */
  public Outcome run(RetrainPolicy policy, LocalDate runDate, Trigger trigger) {
    out.accept("retrain on " + audit.node() + ": " + policy.describe());
    long started = System.nanoTime();
    StepResult result;
    RetrainDecision decision = null;
    try (RunHandle run = startRun(runDate, trigger)) {
      try {
        decision = service.retrain(policy, progress);
        result = StepResult.succeeded(1, decision.summary());
      } catch (RuntimeException e) {
        result = new StepResult(StepResult.Status.FAILED, -1, describe(e));
        log.warn("retrain failed", e);
      }
      run.finish(result);
    } catch (TransientException e) {
      // The audit itself could not be written (database gone, another retrain holds the lease).
      result = new StepResult(StepResult.Status.FAILED, -1, describe(e));
      log.warn("retrain could not start", e);
    }
    out.accept(
        String.format(
            Locale.ROOT,
            "  retrain %s: %s in %.1f s%s",
            runDate,
            result.status().name().toLowerCase(Locale.ROOT),
            (System.nanoTime() - started) / 1e9,
            result.message() == null ? "" : " (" + result.message() + ")"));
    return new Outcome(result, Optional.ofNullable(decision));
  }

  /**
   * A retrain whose node died left its row running; a node runs it again (the job is recoverable),
   * so the dead row is marked aborted first, as a stage's would be.
   */
  private RunHandle startRun(LocalDate runDate, Trigger trigger) {
    try {
      RunLock.abortDeadRuns(database.dataSource());
    } catch (SQLException e) {
      throw new DatabaseUnavailableException("cannot sweep dead runs: " + e.getMessage(), e);
    }
    return audit.startJobRun(STEP, runDate, trigger);
  }

  private static String describe(RuntimeException e) {
    if (e instanceof PipelineException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage() + " (the trace is in the log)";
  }
}
