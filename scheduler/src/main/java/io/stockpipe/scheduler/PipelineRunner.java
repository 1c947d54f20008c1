package io.stockpipe.scheduler;

import io.stockpipe.errors.PipelineException;
import io.stockpipe.errors.TransientException;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.scheduler.audit.JobAudit.ChainHandle;
import io.stockpipe.scheduler.audit.JobAudit.RunHandle;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the chain of a business date: ingest, features, predict, score, report, each only when the
 * one before it did not fail, each attempt a job_run row under the (step, date) lease. A step that
 * fails for a passing reason is retried with backoff ({@link RetryPolicy}); bad input or a bug
 * fails that date's chain with the reason recorded; neither escapes to the caller, so a scheduler
 * node stays up. What {@code demo}, {@code stockpipe run} and the scheduled jobs all call.
 * Thread-safe as its parts are, but a node runs one chain at a time (Spark and ND4J settings are
 * process-wide).
 */
public final class PipelineRunner {
  private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);

  private final PipelineSteps steps;
  private final JobAudit audit;
  private final RetryPolicy retry;
  private final Consumer<String> out;

  public PipelineRunner(
      PipelineSteps steps, JobAudit audit, RetryPolicy retry, Consumer<String> out) {
    this.steps = steps;
    this.audit = audit;
    this.retry = retry;
    this.out = out;
  }

  public ChainResult run(ChainRequest request) {
    LocalDate date = request.businessDate();
    Map<Step, StepResult> results = new LinkedHashMap<>();
    try (ChainHandle chain = audit.startChain(request, null)) {
      out.accept("chain " + chain.id() + " for " + date + ": " + Step.keys(request.steps()));
      Step failed = null;
      for (Step step : request.steps()) {
        if (failed != null) {
          String reason = StepResult.NOT_RUN + failed.key() + " failed for " + date;
          audit.skipped(chain.id(), null, step, date, date, request.trigger(), reason);
          results.put(step, StepResult.skipped(reason));
          continue;
        }
        StepResult result = runStep(chain.id(), null, step, date, date, request.trigger());
        results.put(step, result);
        if (result.failed()) {
          failed = step;
        }
      }
      chain.finish(
          failed == null ? "succeeded" : "failed",
          failed == null ? null : failed.key() + ": " + results.get(failed).message());
      ChainResult result = new ChainResult(chain.id(), date, results);
      out.accept(result.describe().stripTrailing());
      return result;
    }
  }

  /**
   * One step over {@code from..to}, retried while it fails for a passing reason. Its failure is a
   * result, never an exception: the caller decides what a failed step stops.
   */
  public StepResult runStep(
      Long chainId, Long backfillId, Step step, LocalDate from, LocalDate to, Trigger trigger) {
    return runStep(chainId, backfillId, step, from, to, List.of(), trigger);
  }

  /** As the other {@code runStep}, for {@code symbols} only (empty: every symbol). */
  public StepResult runStep(
      Long chainId,
      Long backfillId,
      Step step,
      LocalDate from,
      LocalDate to,
      List<String> symbols,
      Trigger trigger) {
    for (int attempt = 1; ; attempt++) {
      long started = System.nanoTime();
      StepResult result;
      boolean transientFailure = false;
      try (RunHandle run =
          audit.startRun(chainId, backfillId, step, from, to, symbols, attempt, trigger)) {
        try {
          result = steps.run(step, from, to, symbols);
        } catch (RuntimeException e) {
          transientFailure = e instanceof TransientException;
          result = new StepResult(StepResult.Status.FAILED, -1, describe(e));
          log.warn("{} for {}..{} failed (attempt {})", step.key(), from, to, attempt, e);
        }
        run.finish(result);
      } catch (TransientException e) {
        // The audit itself could not be written (database gone, lease busy): try again later.
        transientFailure = true;
        result = new StepResult(StepResult.Status.FAILED, -1, describe(e));
        log.warn("{} for {}..{} could not start (attempt {})", step.key(), from, to, attempt, e);
      }
      out.accept(
          String.format(
              "  %s %s: %s in %.1f s%s",
              step.key(),
              from.equals(to) ? from : from + ".." + to,
              result.status().name().toLowerCase(Locale.ROOT),
              (System.nanoTime() - started) / 1e9,
              result.message() == null ? "" : " (" + result.message() + ")"));
      if (!transientFailure || attempt >= retry.attempts()) {
        return result;
      }
      Duration wait = retry.waitBefore(attempt + 1);
      out.accept("  retrying " + step.key() + " in " + wait.toSeconds() + " s");
      sleep(wait);
    }
  }

  private static String describe(RuntimeException e) {
    if (e instanceof PipelineException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage() + " (the trace is in the log)";
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientException("interrupted while waiting to retry", e);
    }
  }
}
