package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.scheduler.Step;
import io.stockpipe.scheduler.backfill.Backfill;
import io.stockpipe.scheduler.backfill.BackfillUnit;
import io.stockpipe.scheduler.node.LiveNodes;
import io.stockpipe.scheduler.node.Role;
import io.stockpipe.scheduler.node.Stage;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What {@code backfill list} and {@code show} print. Stateless. */
final class BackfillTables {
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  private BackfillTables() {}

  static String list(List<Backfill> backfills) {
    if (backfills.isEmpty()) {
      return "no backfills yet: ./stockpipe backfill --from D --to D --dry-run\n";
    }
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "%5s  %-9s  %-22s  %-22s  %-7s  %-7s  %-9s  %-16s  %s%n",
            "ID", "STATUS", "RANGE", "STEPS", "MODE", "UNITS", "DATES", "CREATED", "BY"));
    for (Backfill backfill : backfills) {
      text.append(
          String.format(
              "%5d  %-9s  %-22s  %-22s  %-7s  %-7s  %-9s  %-16s  %s%n",
              backfill.id(),
              backfill.status().key(),
              backfill.request().from() + ".." + backfill.request().to(),
              String.join(",", Step.keys(backfill.request().steps())),
              backfill.request().mode().key(),
              backfill.units().done() + "/" + backfill.units().total(),
              backfill.units().datesDone() + "/" + backfill.units().datesTotal(),
              time(backfill.createdAt()),
              backfill.request().requestedBy()));
    }
    return text.toString();
  }

  static String show(Database database, Backfill backfill, List<BackfillUnit> units) {
    StringBuilder text = new StringBuilder();
    text.append(String.format("backfill %d: %s%n", backfill.id(), backfill.status().key()));
    text.append(
        String.format(
            "  range      %s..%s, up to %d dates a unit%n",
            backfill.request().from(), backfill.request().to(), backfill.request().unitDates()));
    text.append(
        String.format(
            "  steps      %s, mode %s, symbols %s%n",
            String.join(",", Step.keys(backfill.request().steps())),
            backfill.request().mode().key(),
            backfill.request().symbols().isEmpty()
                ? "all"
                : String.join(",", backfill.request().symbols())));
    text.append(
        String.format(
            "  requested  by %s at %s%s%n",
            backfill.request().requestedBy(),
            time(backfill.createdAt()),
            backfill.finishedAt() == null ? "" : ", ended " + time(backfill.finishedAt())));
    text.append(
        String.format(
            "  units      %d of %d done (%d of %d dates), %d failed%s%n",
            backfill.units().done(),
            backfill.units().total(),
            backfill.units().datesDone(),
            backfill.units().datesTotal(),
            backfill.units().failed(),
            backfill.running().map(unit -> "; running " + unit).orElse("")));
    if (backfill.message() != null) {
      text.append(String.format("  message    %s%n", backfill.message()));
    }
    text.append(String.format("  nodes      %s%n", nodes(LiveNodes.find(database))));
    text.append(
        String.format(
            "%n%4s  %-8s  %-22s  %5s  %-9s  %7s  %5s  %s%n",
            "SEQ", "STEP", "RANGE", "DATES", "STATUS", "JOB_RUN", "TRIES", "MESSAGE"));
    for (BackfillUnit unit : units) {
      text.append(
          String.format(
              "%4d  %-8s  %-22s  %5d  %-9s  %7s  %5d  %s%n",
              unit.seq(),
              unit.step().key(),
              unit.from().equals(unit.to()) ? unit.from() : unit.from() + ".." + unit.to(),
              unit.dates(),
              unit.status().key(),
              unit.jobRunId() == null ? "" : unit.jobRunId(),
              unit.attempts(),
              unit.message() == null ? "" : unit.message()));
    }
    return text.toString();
  }

  /**
   * Says so when no live node runs the roles the backfill's units need: then nobody runs them, and
   * says how to get them run.
   */
  static void warnWithoutNodes(Database database, Backfill backfill, PrintWriter out) {
    Set<Role> needed = EnumSet.noneOf(Role.class);
    for (Step step : backfill.request().steps()) {
      needed.add(Stage.of(step).role());
    }
    needed.removeAll(LiveNodes.find(database).keySet());
    if (!needed.isEmpty()) {
      out.printf(
          "warning: no live scheduler node runs %s units, so they wait; start one with"
              + " ./stockpipe scheduler start --role all, or run them in this process with"
              + " ./stockpipe backfill resume %d --here%n",
          needed.stream().map(Role::key).collect(Collectors.joining(" or ")), backfill.id());
    }
  }

  private static String nodes(Map<Role, List<String>> alive) {
    if (alive.isEmpty()) {
      return "none alive: nobody runs queued units (./stockpipe scheduler start, or resume --here)";
    }
    return alive.entrySet().stream()
        .map(entry -> entry.getKey().key() + ": " + String.join(", ", entry.getValue()))
        .collect(Collectors.joining("; "));
  }

  private static String time(Instant instant) {
    return instant == null ? "-" : MINUTES.format(instant);
  }
}
