package io.stockpipe.scheduler.backfill;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.DatabaseUnavailableException;
import io.stockpipe.model.registry.ModelRegistry;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.scheduler.Step;
import io.stockpipe.scheduler.StepResult;
import io.stockpipe.scheduler.backfill.BackfillPlan.PlannedPair;
import io.stockpipe.scheduler.backfill.BackfillPlan.PlannedUnit;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Plans a backfill from the job audit. The range's trading dates are cut into blocks of {@code
 * unitDates} dates; within a block each step's selected dates make units of consecutive dates, the
 * steps in chain order. So every unit runs after the features, and the predictions, of its dates
 * and of all earlier ones: what a prediction (features up to its date) and a score (the prediction
 * of the date before) read.
 *
 * <p>A pair selected for one step brings along the pairs that read it, where the backfill runs
 * those steps too: rebuilt features of D are predicted again, and a redone prediction of D is
 * scored again on D's next trading date. Otherwise a score done before its prediction existed
 * (skipped: nothing to score) would never be redone.
 *
 * <p>Point in time: a prediction of D comes only from a model whose training and validation ended
 * before D. Predict dates on or before the active model's last validation date are planned as
 * skipped with that reason, as are all predict dates when no model is active. Thread-safe.
 */
public final class BackfillPlanner {
  private final Database database;
  private final TradingCalendar calendar;

  public BackfillPlanner(Database database, TradingCalendar calendar) {
    this.database = database;
    this.calendar = calendar;
  }

  public BackfillPlan plan(BackfillRequest request) {
    List<LocalDate> days = calendar.tradingDaysBetween(request.from(), request.to());
    if (days.isEmpty()) {
      throw new BadInputException(
          "no trading date of "
              + calendar.exchange()
              + " in "
              + request.from()
              + ".."
              + request.to());
    }
    Map<Step, Map<LocalDate, PairStatus>> statuses = statuses(request, days);
    Map<Step, Map<LocalDate, String>> selected = new EnumMap<>(Step.class);
    for (Step step : request.steps()) {
      Map<LocalDate, String> actions = new LinkedHashMap<>();
      for (LocalDate day : days) {
        if (request.mode().selects(statuses.get(step).get(day))) {
          actions.put(day, "run");
        }
      }
      selected.put(step, actions);
    }
    Map<LocalDate, String> skips = Map.of();
    if (selected.containsKey(Step.PREDICT)) {
      if (selected.containsKey(Step.FEATURES)) {
        for (LocalDate day : selected.get(Step.FEATURES).keySet()) {
          selected.get(Step.PREDICT).putIfAbsent(day, "run: its features are rebuilt");
        }
      }
      skips = pointInTimeSkips(selected.get(Step.PREDICT).keySet());
      if (selected.containsKey(Step.SCORE)) {
        LocalDate last = days.get(days.size() - 1);
        for (LocalDate day : selected.get(Step.PREDICT).keySet()) {
          LocalDate target = calendar.next(day);
          if (!skips.containsKey(day) && !target.isAfter(last)) {
            selected
                .get(Step.SCORE)
                .putIfAbsent(target, "run: scores the prediction of " + day + ", which is redone");
          }
        }
      }
    }
    return cut(request, days, statuses, selected, skips);
  }

  /** Each of {@code predictDates} the active model may not predict, with the reason. */
  private Map<LocalDate, String> pointInTimeSkips(Collection<LocalDate> predictDates) {
    Optional<RegisteredModel> active = new ModelRegistry(database).active();
    Map<LocalDate, String> skips = new LinkedHashMap<>();
    for (LocalDate day : predictDates) {
      if (active.isEmpty()) {
        skips.put(day, "no active model ('stockpipe model promote ID')");
      } else if (!day.isAfter(active.get().validation().to())) {
        skips.put(
            day,
            "inside model "
                + active.get().id()
                + "'s training and validation dates (up to "
                + active.get().validation().to()
                + "): a prediction of a date comes only from a model that learned before it");
      }
    }
    return skips;
  }

  private static BackfillPlan cut(
      BackfillRequest request,
      List<LocalDate> days,
      Map<Step, Map<LocalDate, PairStatus>> statuses,
      Map<Step, Map<LocalDate, String>> selected,
      Map<LocalDate, String> predictSkips) {
    List<PlannedUnit> units = new ArrayList<>();
    List<PlannedPair> pairs = new ArrayList<>();
    for (int start = 0; start < days.size(); start += request.unitDates()) {
      List<LocalDate> block =
          days.subList(start, Math.min(days.size(), start + request.unitDates()));
      for (Step step : request.steps()) {
        Map<LocalDate, String> actions = selected.get(step);
        Map<LocalDate, String> skips = step == Step.PREDICT ? predictSkips : Map.of();
        int first = -1;
        for (int i = 0; i <= block.size(); i++) {
          boolean in = i < block.size() && actions.containsKey(block.get(i));
          boolean sameKind =
              in
                  && first >= 0
                  && Objects.equals(skips.get(block.get(i)), skips.get(block.get(first)));
          if (first >= 0 && !sameKind) {
            PlannedUnit unit =
                new PlannedUnit(
                    units.size() + 1,
                    step,
                    block.get(first),
                    block.get(i - 1),
                    i - first,
                    skips.get(block.get(first)));
            units.add(unit);
            for (LocalDate day : block.subList(first, i)) {
              String skip = skips.get(day);
              pairs.add(
                  new PlannedPair(
                      day,
                      step,
                      statuses.get(step).get(day).last(),
                      unit.index(),
                      skip == null ? actions.get(day) : "skip: " + skip));
            }
            first = -1;
          }
          if (in && first < 0) {
            first = i;
          }
        }
      }
    }
    int pairsInRange = request.steps().size() * days.size();
    return new BackfillPlan(request, days, pairs, units, pairsInRange - pairs.size());
  }

  /**
   * Each pair's status from the runs that covered the request's symbols (a run for a few symbols
   * does not complete a date for the others), in the order they started.
   */
  private Map<Step, Map<LocalDate, PairStatus>> statuses(
      BackfillRequest request, List<LocalDate> days) {
    Map<Step, Map<LocalDate, PairStatus>> statuses = new EnumMap<>(Step.class);
    for (Step step : request.steps()) {
      Map<LocalDate, PairStatus> byDate = new LinkedHashMap<>();
      for (LocalDate day : days) {
        byDate.put(day, PairStatus.none(day, step));
      }
      statuses.put(step, byDate);
    }
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT d::date, r.step, r.status, coalesce(r.message, '') FROM job_run r"
                    + " CROSS JOIN LATERAL generate_series(greatest(r.business_date, ?::date),"
                    + " least(r.date_to, ?::date), interval '1 day') AS d"
                    + " WHERE r.step = ANY (?) AND r.business_date <= ? AND r.date_to >= ?"
                    + " AND (r.symbols IS NULL OR (cardinality(?::text[]) > 0"
                    + " AND r.symbols @> ?::text[]))"
                    + " ORDER BY r.id")) {
      query.setDate(1, Date.valueOf(request.from()));
      query.setDate(2, Date.valueOf(request.to()));
      query.setArray(3, connection.createArrayOf("text", Step.keys(request.steps()).toArray()));
      query.setDate(4, Date.valueOf(request.to()));
      query.setDate(5, Date.valueOf(request.from()));
      Object[] symbols = request.symbols().toArray();
      query.setArray(6, connection.createArrayOf("text", symbols));
      query.setArray(7, connection.createArrayOf("text", symbols));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          LocalDate date = rows.getDate(1).toLocalDate();
          Step step = Step.parse(rows.getString(2));
          PairStatus before = statuses.get(step).get(date);
          if (before == null) {
            continue; // not a trading date
          }
          String status = rows.getString(3);
          boolean notRun =
              status.equals("skipped") && rows.getString(4).startsWith(StepResult.NOT_RUN);
          boolean done = status.equals("succeeded") || (status.equals("skipped") && !notRun);
          statuses
              .get(step)
              .put(
                  date,
                  new PairStatus(
                      date, step, notRun ? PairStatus.NOT_RUN : status, before.done() || done));
        }
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot read the job audit of "
              + request.from()
              + ".."
              + request.to()
              + ": "
              + e.getMessage(),
          e);
    }
    return statuses;
  }
}
