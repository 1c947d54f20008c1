package io.stockpipe.scheduler.node;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.db.runs.RunLock;
import io.stockpipe.errors.DatabaseUnavailableException;
import io.stockpipe.scheduler.ChainRequest;
import io.stockpipe.scheduler.PipelineRunner;
import io.stockpipe.scheduler.Step;
import io.stockpipe.scheduler.StepResult;
import io.stockpipe.scheduler.Trigger;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.scheduler.audit.JobAudit.ChainState;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives cluster chains from the audit, not from Quartz's job chaining (which would fire the next
 * job after a failure too): a stage runs the steps of its chain that have not ended yet, then hands
 * the chain to its next stage, or finishes it and starts the next date of a catch-up. A recovered
 * stage (its node died) goes on from what the audit says ended, so each step of a date completes
 * once. Thread-safe: one stage runs at a time per node ({@link #STEP_LOCK}), since Spark's and
 * ND4J's settings are process-wide.
 */
public final class ChainDriver {
  private static final Logger log = LoggerFactory.getLogger(ChainDriver.class);

  /** One step at a time in a node, whatever its roles: the chains' stages and backfill units. */
  static final ReentrantLock STEP_LOCK = new ReentrantLock();

  /** Schedules a stage of a chain as a job of its role's scheduler. */
  @FunctionalInterface
  public interface StageScheduler {
    void schedule(long chainId, Stage stage, LocalDate catchUpTo);
  }

  private final Database database;
  private final JobAudit audit;
  private final PipelineRunner runner;
  private final TradingCalendar calendar;
  private final StageScheduler scheduler;

  public ChainDriver(
      Database database,
      JobAudit audit,
      PipelineRunner runner,
      TradingCalendar calendar,
      StageScheduler scheduler) {
    this.database = database;
    this.audit = audit;
    this.runner = runner;
    this.calendar = calendar;
    this.scheduler = scheduler;
  }

  /**
   * The nightly: every trading date after the last one whose chain completed, up to {@code today}'s
   * business date, one chain at a time in date order. Nothing if a scheduled chain is still running
   * (a catch-up in progress goes on by itself).
   */
  public Optional<LocalDate> nightly(LocalDate today) {
    Optional<Long> running = audit.runningClusterChain(Trigger.SCHEDULE);
    if (running.isPresent()) {
      log.info("nightly: chain {} is still running; it continues the catch-up", running.get());
      return Optional.empty();
    }
    LocalDate target = calendar.isTradingDay(today) ? today : calendar.previous(today);
    LocalDate first = audit.lastCompletedDate().map(calendar::next).orElse(target);
    if (first.isAfter(target)) {
      log.info("nightly: every trading date up to {} has completed", target);
      return Optional.empty();
    }
    start(ChainRequest.nightly(first, Trigger.SCHEDULE), target);
    return Optional.of(first);
  }

  /** Opens a cluster chain for {@code request}'s date and schedules its first stage. */
  public long start(ChainRequest request, LocalDate catchUpTo) {
    long chainId = audit.openClusterChain(request, null);
    Optional<Stage> first = Stage.firstFrom(Stage.PREPARE, request.steps());
    scheduler.schedule(chainId, first.orElseThrow(), catchUpTo);
    log.info(
        "chain {} for {} scheduled (catch-up to {})", chainId, request.businessDate(), catchUpTo);
    return chainId;
  }

  /**
   * Runs {@code work} (a retrain, say) under the lock the stages run under, so that it never shares
   * the process's Spark and ND4J settings with a step.
   */
  public <T> T exclusively(Supplier<T> work) {
    STEP_LOCK.lock();
    try {
      return work.get();
    } finally {
      STEP_LOCK.unlock();
    }
  }

  /** Runs one stage of a chain; what a {@link StageJob} calls. */
  public void runStage(long chainId, Stage stage, LocalDate catchUpTo) {
    STEP_LOCK.lock();
    try {
      abortDeadRuns();
      ChainState chain = audit.chain(chainId);
      if (!"running".equals(chain.status())) {
        log.info("chain {} is {}; stage {} has nothing to do", chainId, chain.status(), stage);
        return;
      }
      for (Step step : stage.steps()) {
        if (!chain.steps().contains(step) || hasEnded(chain, step)) {
          continue;
        }
        StepResult result =
            runner.runStep(
                chainId, null, step, chain.businessDate(), chain.businessDate(), chain.trigger());
        if (result.failed()) {
          fail(chain, step, result);
          return;
        }
      }
      Optional<Stage> next = stage.nextFor(chain.steps());
      if (next.isPresent()) {
        scheduler.schedule(chainId, next.get(), catchUpTo);
        return;
      }
      audit.finishChain(chainId, "succeeded", null);
      log.info("chain {} for {} succeeded", chainId, chain.businessDate());
      if (catchUpTo != null && chain.businessDate().isBefore(catchUpTo)) {
        start(
            new ChainRequest(calendar.next(chain.businessDate()), chain.steps(), chain.trigger()),
            catchUpTo);
      }
    } finally {
      STEP_LOCK.unlock();
    }
  }

  private static boolean hasEnded(ChainState chain, Step step) {
    String status = chain.done().get(step);
    return "succeeded".equals(status) || "skipped".equals(status);
  }

  /** The date's chain stops here: later steps are recorded as not run, and the catch-up too. */
  private void fail(ChainState chain, Step failed, StepResult result) {
    List<Step> steps = chain.steps();
    for (Step later : steps.subList(steps.indexOf(failed) + 1, steps.size())) {
      audit.skipped(
          chain.id(),
          null,
          later,
          chain.businessDate(),
          chain.businessDate(),
          chain.trigger(),
          StepResult.NOT_RUN + failed.key() + " failed for " + chain.businessDate());
    }
    audit.finishChain(chain.id(), "failed", failed.key() + ": " + result.message());
    log.warn(
        "chain {} for {} failed at {}: {}",
        chain.id(),
        chain.businessDate(),
        failed.key(),
        result.message());
  }

  /** A node that died left its step running; its session is gone, so the sweep ends it. */
  private void abortDeadRuns() {
    try {
      RunLock.abortDeadRuns(database.dataSource());
    } catch (SQLException e) {
      throw new DatabaseUnavailableException("cannot sweep dead runs: " + e.getMessage(), e);
    }
  }
}
