package io.stockpipe.scheduler.backfill;

import io.stockpipe.db.Database;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.DatabaseUnavailableException;
import io.stockpipe.scheduler.Step;
import io.stockpipe.scheduler.StepResult;
import io.stockpipe.scheduler.Trigger;
import io.stockpipe.scheduler.backfill.BackfillPlan.PlannedUnit;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The backfill and backfill_unit tables. Every change of several rows is one transaction, so that a
 * unit's status and its backfill's never disagree after a crash. Thread-safe (it holds only the
 * database).
 */
final class BackfillStore {
  private static final String SELECT_BACKFILL =
      "SELECT b.id, b.date_from, b.date_to, b.steps, b.symbols, b.mode, b.unit_dates, b.status,"
          + " b.requested_by, b.created_at, b.finished_at, b.message,"
          + " count(u.seq), count(u.seq) FILTER (WHERE u.status IN ('succeeded', 'skipped')),"
          + " count(u.seq) FILTER (WHERE u.status = 'failed'), coalesce(sum(u.dates), 0),"
          + " coalesce(sum(u.dates) FILTER (WHERE u.status IN ('succeeded', 'skipped')), 0),"
          + " min(u.step || ' ' || u.date_from || CASE WHEN u.date_to > u.date_from"
          + " THEN '..' || u.date_to ELSE '' END) FILTER (WHERE u.status = 'running')"
          + " FROM backfill b LEFT JOIN backfill_unit u ON u.backfill_id = b.id";

  private static final String SELECT_UNIT =
      "SELECT u.backfill_id, u.seq, u.step, u.date_from, u.date_to, u.dates, u.status,"
          + " u.job_run_id, (SELECT count(*) FROM job_run r WHERE r.backfill_id = u.backfill_id"
          + " AND r.step = u.step AND r.business_date = u.date_from AND r.date_to = u.date_to),"
          + " u.message FROM backfill_unit u";

  private final Database database;

  BackfillStore(Database database) {
    this.database = database;
  }

  /** Records the request and its plan; units planned as skipped get their skipped job_run. */
  long create(BackfillPlan plan, String node) {
    BackfillRequest request = plan.request();
    long[] id = new long[1];
    transaction(
        "record the backfill " + request.describe(),
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO backfill (date_from, date_to, steps, symbols, mode, unit_dates,"
                      + " requested_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            insert.setDate(1, Date.valueOf(request.from()));
            insert.setDate(2, Date.valueOf(request.to()));
            insert.setArray(3, texts(connection, Step.keys(request.steps())));
            insert.setArray(
                4, request.symbols().isEmpty() ? null : texts(connection, request.symbols()));
            insert.setString(5, request.mode().key());
            insert.setInt(6, request.unitDates());
            insert.setString(7, request.requestedBy());
            try (ResultSet row = insert.executeQuery()) {
              row.next();
              id[0] = row.getLong(1);
            }
          }
          insertUnits(connection, id[0], 0, plan, node);
        });
    return id[0];
  }

  /**
   * A resume: drops the units that did not end well (their attempts stay in job_run), appends the
   * new plan's after the last one kept, and queues the backfill again.
   */
  void replan(long id, BackfillPlan plan, String node) {
    transaction(
        "re-plan backfill " + id,
        connection -> {
          try (PreparedStatement drop =
              connection.prepareStatement(
                  "DELETE FROM backfill_unit WHERE backfill_id = ?"
                      + " AND status NOT IN ('succeeded', 'skipped')")) {
            drop.setLong(1, id);
            drop.executeUpdate();
          }
          int last;
          try (PreparedStatement max =
              connection.prepareStatement(
                  "SELECT coalesce(max(seq), 0) FROM backfill_unit WHERE backfill_id = ?")) {
            max.setLong(1, id);
            try (ResultSet row = max.executeQuery()) {
              row.next();
              last = row.getInt(1);
            }
          }
          try (PreparedStatement queue =
              connection.prepareStatement(
                  "UPDATE backfill SET status = 'queued', finished_at = NULL,"
                      + " message = 'resumed after: '"
                      + " || coalesce(message, 'it stopped while ' || status)"
                      + " WHERE id = ?")) {
            queue.setLong(1, id);
            queue.executeUpdate();
          }
          insertUnits(connection, id, last, plan, node);
        });
  }

  private static void insertUnits(
      Connection connection, long id, int afterSeq, BackfillPlan plan, String node)
      throws SQLException {
    try (PreparedStatement unit =
            connection.prepareStatement(
                "INSERT INTO backfill_unit (backfill_id, seq, step, date_from, date_to, dates,"
                    + " status, job_run_id, message, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, CASE WHEN ? THEN now() END)");
        PreparedStatement skipped =
            connection.prepareStatement(
                "INSERT INTO job_run (backfill_id, step, business_date, date_to, node,"
                    + " triggered_by, status, message, finished_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 'skipped', ?, now()) RETURNING id")) {
      for (PlannedUnit planned : plan.units()) {
        Long runId = null;
        if (!planned.runs()) {
          skipped.setLong(1, id);
          skipped.setString(2, planned.step().key());
          skipped.setDate(3, Date.valueOf(planned.from()));
          skipped.setDate(4, Date.valueOf(planned.to()));
          skipped.setString(5, node);
          skipped.setString(6, Trigger.BACKFILL.key());
          skipped.setString(7, planned.skipReason());
          try (ResultSet row = skipped.executeQuery()) {
            row.next();
            runId = row.getLong(1);
          }
        }
        unit.setLong(1, id);
        unit.setInt(2, afterSeq + planned.index());
        unit.setString(3, planned.step().key());
        unit.setDate(4, Date.valueOf(planned.from()));
        unit.setDate(5, Date.valueOf(planned.to()));
        unit.setInt(6, planned.dates());
        unit.setString(7, planned.runs() ? "queued" : "skipped");
        unit.setObject(8, runId);
        unit.setString(9, planned.skipReason());
        unit.setBoolean(10, !planned.runs());
        unit.executeUpdate();
      }
    }
  }

  Backfill get(long id) {
    List<Backfill> found = select(" WHERE b.id = " + id + " GROUP BY b.id");
    if (found.isEmpty()) {
      throw new BadInputException("there is no backfill " + id + "; see `stockpipe backfill list`");
    }
    return found.get(0);
  }

  /** The newest backfills first. */
  List<Backfill> list(int limit) {
    return select(" GROUP BY b.id ORDER BY b.id DESC LIMIT " + Math.max(1, limit));
  }

  List<BackfillUnit> units(long id) {
    return selectUnits(" WHERE u.backfill_id = " + id + " ORDER BY u.seq");
  }

  Optional<BackfillUnit> unit(long id, int seq) {
    return selectUnits(" WHERE u.backfill_id = " + id + " AND u.seq = " + seq).stream().findFirst();
  }

  Optional<BackfillUnit> firstQueued(long id) {
    return selectUnits(
            " WHERE u.backfill_id = " + id + " AND u.status = 'queued' ORDER BY u.seq LIMIT 1")
        .stream()
        .findFirst();
  }

  void started(long id, int seq) {
    transaction(
        "start unit " + seq + " of backfill " + id,
        connection -> {
          try (PreparedStatement unit =
              connection.prepareStatement(
                  "UPDATE backfill_unit SET status = 'running', started_at = now(), message = NULL"
                      + " WHERE backfill_id = ? AND seq = ?")) {
            unit.setLong(1, id);
            unit.setInt(2, seq);
            unit.executeUpdate();
          }
          try (PreparedStatement backfill =
              connection.prepareStatement(
                  "UPDATE backfill SET status = 'running' WHERE id = ? AND status = 'queued'")) {
            backfill.setLong(1, id);
            backfill.executeUpdate();
          }
        });
  }

  /** Why a unit waits, shown by {@code backfill show}. */
  void note(long id, int seq, String message) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE backfill_unit SET message = ? WHERE backfill_id = ? AND seq = ?")) {
      update.setString(1, message);
      update.setLong(2, id);
      update.setInt(3, seq);
      update.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("note unit " + seq + " of backfill " + id, e);
    }
  }

  void finished(long id, int seq, StepResult result, Long jobRunId) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE backfill_unit SET status = ?, message = ?, job_run_id = ?,"
                    + " finished_at = now() WHERE backfill_id = ? AND seq = ?")) {
      update.setString(1, result.status().name().toLowerCase(Locale.ROOT));
      update.setString(2, result.message());
      update.setObject(3, jobRunId);
      update.setLong(4, id);
      update.setInt(5, seq);
      update.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("record the end of unit " + seq + " of backfill " + id, e);
    }
  }

  /**
   * Ends a backfill still queued or running, keeping its message when {@code message} is null (a
   * resumed one's says what it was resumed after); false if it had ended (cancelled, say).
   */
  boolean end(long id, BackfillStatus status, String message) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE backfill SET status = ?, message = coalesce(?, message), finished_at = now()"
                    + " WHERE id = ? AND status IN ('queued', 'running')")) {
      update.setString(1, status.key());
      update.setString(2, message);
      update.setLong(3, id);
      return update.executeUpdate() > 0;
    } catch (SQLException e) {
      throw unavailable("end backfill " + id, e);
    }
  }

  /**
   * Cancels a queued or running backfill and its queued units; with {@code orphans}, also the units
   * left running by a node that died. False if it had ended already.
   */
  boolean cancel(long id, String message, boolean orphans) {
    boolean[] cancelled = new boolean[1];
    transaction(
        "cancel backfill " + id,
        connection -> {
          try (PreparedStatement backfill =
              connection.prepareStatement(
                  "UPDATE backfill SET status = 'cancelled', message = ?, finished_at = now()"
                      + " WHERE id = ? AND status IN ('queued', 'running')")) {
            backfill.setString(1, message);
            backfill.setLong(2, id);
            cancelled[0] = backfill.executeUpdate() > 0;
          }
          try (PreparedStatement units =
              connection.prepareStatement(
                  "UPDATE backfill_unit SET status = 'cancelled', finished_at = now(),"
                      + " message = CASE status WHEN 'queued' THEN 'cancelled before it started'"
                      + " ELSE 'cancelled: its node had died' END"
                      + " WHERE backfill_id = ? AND (status = 'queued'"
                      + " OR (? AND status = 'running'))")) {
            units.setLong(1, id);
            units.setBoolean(2, orphans);
            units.executeUpdate();
          }
        });
    return cancelled[0];
  }

  /** The id of the unit's newest attempt in job_run, if it made one. */
  Long lastRun(long id, BackfillUnit unit) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT max(id) FROM job_run WHERE backfill_id = ? AND step = ?"
                    + " AND business_date = ? AND date_to = ?")) {
      query.setLong(1, id);
      query.setString(2, unit.step().key());
      query.setDate(3, Date.valueOf(unit.from()));
      query.setDate(4, Date.valueOf(unit.to()));
      try (ResultSet row = query.executeQuery()) {
        row.next();
        long run = row.getLong(1);
        return row.wasNull() ? null : run;
      }
    } catch (SQLException e) {
      throw unavailable("read the runs of backfill " + id, e);
    }
  }

  /**
   * The nightly's chain running now, as "chain N for DATE", if one started within {@code hours}: a
   * chain older than that is taken for stuck and not waited for.
   */
  Optional<String> runningNightly(int hours) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT 'chain ' || id || ' for ' || business_date FROM job_chain"
                    + " WHERE status = 'running' AND driven_by = 'cluster'"
                    + " AND triggered_by = 'schedule' AND created_at > now() - make_interval("
                    + "hours => ?) ORDER BY id LIMIT 1")) {
      query.setInt(1, hours);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable("look for the nightly's running chain", e);
    }
  }

  private List<Backfill> select(String tail) {
    List<Backfill> found = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(SELECT_BACKFILL + tail);
        ResultSet row = query.executeQuery()) {
      while (row.next()) {
        BackfillRequest request =
            new BackfillRequest(
                row.getDate(2).toLocalDate(),
                row.getDate(3).toLocalDate(),
                Arrays.stream(strings(row.getArray(4))).map(Step::parse).toList(),
                row.getArray(5) == null ? List.of() : List.of(strings(row.getArray(5))),
                BackfillMode.valueOf(row.getString(6).toUpperCase(Locale.ROOT)),
                row.getInt(7),
                row.getString(9));
        found.add(
            new Backfill(
                row.getLong(1),
                request,
                BackfillStatus.parse(row.getString(8)),
                instant(row.getTimestamp(10)),
                instant(row.getTimestamp(11)),
                row.getString(12),
                new Backfill.Counts(
                    row.getInt(13),
                    row.getInt(14),
                    row.getInt(15),
                    row.getLong(16),
                    row.getLong(17)),
                Optional.ofNullable(row.getString(18))));
      }
    } catch (SQLException e) {
      throw unavailable("read the backfills", e);
    }
    return found;
  }

  private List<BackfillUnit> selectUnits(String tail) {
    List<BackfillUnit> found = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(SELECT_UNIT + tail);
        ResultSet row = query.executeQuery()) {
      while (row.next()) {
        long run = row.getLong(8);
        Long jobRunId = row.wasNull() ? null : run;
        found.add(
            new BackfillUnit(
                row.getLong(1),
                row.getInt(2),
                Step.parse(row.getString(3)),
                row.getDate(4).toLocalDate(),
                row.getDate(5).toLocalDate(),
                row.getInt(6),
                BackfillUnit.Status.valueOf(row.getString(7).toUpperCase(Locale.ROOT)),
                jobRunId,
                row.getInt(9),
                row.getString(10)));
      }
    } catch (SQLException e) {
      throw unavailable("read the units of a backfill", e);
    }
    return found;
  }

  @FunctionalInterface
  private interface Work {
    void run(Connection connection) throws SQLException;
  }

  private void transaction(String what, Work work) {
    try {
      database.inTransaction(work::run);
    } catch (SQLException e) {
      throw unavailable(what, e);
    }
  }

  private static Array texts(Connection connection, List<String> values) throws SQLException {
    return connection.createArrayOf("text", values.toArray());
  }

  private static String[] strings(Array array) throws SQLException {
    return (String[]) array.getArray();
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static DatabaseUnavailableException unavailable(String what, SQLException e) {
    return new DatabaseUnavailableException("could not " + what + ": " + e.getMessage(), e);
  }
}
