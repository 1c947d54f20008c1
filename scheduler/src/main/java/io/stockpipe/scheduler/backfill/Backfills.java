package io.stockpipe.scheduler.backfill;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.db.runs.RunLock;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.DatabaseUnavailableException;
import io.stockpipe.errors.TransientException;
import io.stockpipe.scheduler.PipelineRunner;
import io.stockpipe.scheduler.Step;
import io.stockpipe.scheduler.StepResult;
import io.stockpipe.scheduler.Trigger;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.scheduler.backfill.BackfillUnit.Status;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfills as a service: plan (the dry run), submit, run a unit, cancel, resume. What the CLI and
 * the nodes' unit jobs call. Units run one after another: each unit's turn, under the backfill's
 * lock, runs it through the {@link PipelineRunner} (job audit, (step, date) leases, transient
 * retries) and hands the next one to the {@link UnitScheduler}, the way a cluster chain passes from
 * stage to stage. A turn whose unit has ended already (Quartz recovered it after its node died)
 * hands on the first queued unit, so the backfill goes on once and never twice. Thread-safe as its
 * parts are; a node runs one step at a time.
 */
public final class Backfills {
  private static final Logger log = LoggerFactory.getLogger(Backfills.class);

  /** A nightly chain that started longer ago than this is stuck: backfills stop waiting for it. */
  static final int STUCK_CHAIN_HOURS = 6;

  /** Hands a unit's turn to whoever runs it: a Quartz scheduler of the step's role. */
  @FunctionalInterface
  public interface UnitScheduler {
    void schedule(long backfillId, int seq, Step step, Duration delay);

    /** The units run in the requesting process ({@link #runHere}): nothing to hand over. */
    UnitScheduler IN_PROCESS = (backfillId, seq, step, delay) -> {};
  }

  private final Database database;
  private final JobAudit audit;
  private final PipelineRunner runner;
  private final BackfillPlanner planner;
  private final BackfillStore store;
  private final UnitScheduler scheduler;
  private final Duration yieldWait;

  public Backfills(
      Database database,
      JobAudit audit,
      PipelineRunner runner,
      TradingCalendar calendar,
      UnitScheduler scheduler,
      Duration yieldWait) {
    this.database = database;
    this.audit = audit;
    this.runner = runner;
    this.planner = new BackfillPlanner(database, calendar);
    this.store = new BackfillStore(database);
    this.scheduler = scheduler;
    this.yieldWait = yieldWait;
  }

  /** What {@code request} would run; changes nothing (the dry run). */
  public BackfillPlan plan(BackfillRequest request) {
    return planner.plan(request);
  }

  /** Records {@code request} with its plan and hands its first unit over. */
  public Backfill submit(BackfillRequest request) {
    BackfillPlan plan = planner.plan(request);
    long id = store.create(plan, audit.node());
    log.info("backfill {}: {}, {} unit(s) to run", id, request.describe(), plan.unitsToRun());
    return handOn(id);
  }

  public Backfill get(long id) {
    return store.get(id);
  }

  public List<Backfill> list(int limit) {
    return store.list(limit);
  }

  public List<BackfillUnit> units(long id) {
    return store.units(id);
  }

  /**
   * Cancels a queued or running backfill: its queued units will not start; a running one finishes
   * first. Returns the backfill as it stands after.
   */
  public Backfill cancel(long id, String by) {
    Backfill backfill = store.get(id);
    if (backfill.status().ended()) {
      throw new BadInputException(
          "backfill " + id + " has " + backfill.status().key() + " already; nothing to cancel");
    }
    Optional<BackfillLock> idle = BackfillLock.tryAcquire(database, id);
    try {
      // Without a live turn, a unit still marked running was left so by a node that died.
      store.cancel(id, "cancelled by " + by, idle.isPresent());
    } finally {
      idle.ifPresent(BackfillLock::close);
    }
    return store.get(id);
  }

  /**
   * Re-plans what did not succeed, in the same range, steps and symbols, as mode {@link
   * BackfillMode#UNFINISHED}, and goes on under the same id. Refused while one of its units runs.
   */
  public Backfill resume(long id) {
    Backfill backfill = store.get(id);
    if (backfill.status() == BackfillStatus.SUCCEEDED) {
      throw new BadInputException(
          "backfill "
              + id
              + " succeeded; nothing to resume (run a new backfill with --mode all to redo it)");
    }
    try (BackfillLock lock =
        BackfillLock.tryAcquire(database, id)
            .orElseThrow(
                () ->
                    new BadInputException(
                        "a unit of backfill "
                            + id
                            + " is running now"
                            + backfill.running().map(unit -> " (" + unit + ")").orElse("")
                            + "; wait for it, or cancel the backfill first"))) {
      BackfillPlan plan = planner.plan(backfill.request().withMode(BackfillMode.UNFINISHED));
      store.replan(id, plan, audit.node());
      log.info("backfill {} resumed: {} unit(s) to run", id, plan.unitsToRun());
    }
    return handOn(id);
  }

  /**
   * One unit's turn: runs unit {@code seq} unless it has ended, then says what follows and hands
   * the next unit to the scheduler. It yields (runs later) while the nightly's chain runs.
   */
  public UnitOutcome runUnit(long id, int seq) {
    try (BackfillLock lock = BackfillLock.acquire(database, id)) {
      abortDeadRuns();
      Backfill backfill = store.get(id);
      if (backfill.status().ended()) {
        return new UnitOutcome.Stop(backfill.status());
      }
      Optional<BackfillUnit> found = store.unit(id, seq);
      if (found.isEmpty() || found.get().status() == Status.CANCELLED) {
        // A resume replaced this unit; the resumed units drive the backfill.
        return new UnitOutcome.Stop(backfill.status());
      }
      BackfillUnit unit = found.get();
      if (unit.status() == Status.QUEUED || unit.status() == Status.RUNNING) {
        Optional<String> nightly = store.runningNightly(STUCK_CHAIN_HOURS);
        if (nightly.isPresent()) {
          String reason = "waiting: the nightly's " + nightly.get() + " is running";
          store.note(id, seq, reason);
          scheduler.schedule(id, seq, unit.step(), yieldWait);
          return new UnitOutcome.Later(seq, unit.step(), yieldWait, reason);
        }
        StepResult result = run(backfill, unit);
        if (result.failed()) {
          store.end(
              id,
              BackfillStatus.FAILED,
              "unit " + seq + " (" + unit.describe() + ") failed: " + result.message());
          return new UnitOutcome.Stop(BackfillStatus.FAILED);
        }
      } else if (unit.status() == Status.FAILED) {
        // Its turn died between recording the unit and the backfill: end it as the turn would.
        store.end(id, BackfillStatus.FAILED, "unit " + seq + " (" + unit.describe() + ") failed");
        return new UnitOutcome.Stop(BackfillStatus.FAILED);
      }
      return next(id);
    }
  }

  /**
   * Runs every unit of backfill {@code id} in this process, in order, until it ends; what {@code
   * backfill --here} does. A unit that yields to the nightly is waited for.
   */
  public Backfill runHere(long id) {
    Optional<BackfillUnit> first = store.firstQueued(id);
    UnitOutcome outcome =
        first.isEmpty() ? next(id) : new UnitOutcome.Next(first.get().seq(), first.get().step());
    while (!(outcome instanceof UnitOutcome.Stop)) {
      if (outcome instanceof UnitOutcome.Later later) {
        sleep(later.delay());
        outcome = runUnit(id, later.seq());
      } else {
        outcome = runUnit(id, ((UnitOutcome.Next) outcome).seq());
      }
    }
    return store.get(id);
  }

  private StepResult run(Backfill backfill, BackfillUnit unit) {
    store.started(backfill.id(), unit.seq());
    StepResult result =
        runner.runStep(
            null,
            backfill.id(),
            unit.step(),
            unit.from(),
            unit.to(),
            backfill.request().symbols(),
            Trigger.BACKFILL);
    store.finished(backfill.id(), unit.seq(), result, store.lastRun(backfill.id(), unit));
    return result;
  }

  /** Hands the first queued unit to the scheduler, or ends the backfill when none is left. */
  private UnitOutcome next(long id) {
    Backfill backfill = store.get(id);
    if (backfill.status().ended()) {
      return new UnitOutcome.Stop(backfill.status());
    }
    Optional<BackfillUnit> next = store.firstQueued(id);
    if (next.isEmpty()) {
      store.end(
          id,
          BackfillStatus.SUCCEEDED,
          backfill.units().total() == 0 ? "nothing to do: every selected pair is done" : null);
      log.info("backfill {} succeeded", id);
      return new UnitOutcome.Stop(BackfillStatus.SUCCEEDED);
    }
    scheduler.schedule(id, next.get().seq(), next.get().step(), Duration.ZERO);
    return new UnitOutcome.Next(next.get().seq(), next.get().step());
  }

  private Backfill handOn(long id) {
    next(id);
    return store.get(id);
  }

  /** A unit whose node died left its job_run running; its session is gone, so the sweep ends it. */
  private void abortDeadRuns() {
    try {
      RunLock.abortDeadRuns(database.dataSource());
    } catch (SQLException e) {
      throw new DatabaseUnavailableException("cannot sweep dead runs: " + e.getMessage(), e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientException("interrupted while the backfill waited for the nightly", e);
    }
  }
}
