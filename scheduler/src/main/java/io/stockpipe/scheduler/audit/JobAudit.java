package io.stockpipe.scheduler.audit;

import io.stockpipe.db.Database;
import io.stockpipe.db.runs.RunLock;
import io.stockpipe.errors.DatabaseUnavailableException;
import io.stockpipe.errors.TransientException;
import io.stockpipe.scheduler.ChainRequest;
import io.stockpipe.scheduler.Step;
import io.stockpipe.scheduler.StepResult;
import io.stockpipe.scheduler.Trigger;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the audit of chains and step runs. A running chain or step holds, on a connection of its
 * own, the advisory lock of its row ({@link RunLock#CHAIN}, {@link RunLock#JOB}), so that rows left
 * running by a dead node are marked aborted at the next start-up; and a step holds the lease of
 * each (step, date) it works on, so that the nightly and a backfill never write the same date at
 * once; a job that is no step of a chain (the retrain) holds a lease of its own across dates. A
 * dead node's session ends with its leases, so the next node takes them over. Thread-safe: each
 * handle has its own connection.
 */
public final class JobAudit {
  /** Namespace of the (step, date) leases: key = epoch day × 8 + step. */
  static final int LEASE_NAMESPACE = 0x5354_4b55;

  /** Namespace of the leases of jobs that are no step of a chain: key = the job's name's hash. */
  static final int JOB_LEASE_NAMESPACE = 0x5354_4b56;

  private final Database database;
  private final String node;
  private final Duration leaseWait;

  public JobAudit(Database database, String node, Duration leaseWait) {
    this.database = database;
    this.node = node;
    this.leaseWait = leaseWait;
  }

  public String node() {
    return node;
  }

  /** Opens the chain's row, running until {@link ChainHandle#finish}. */
  public ChainHandle startChain(ChainRequest request, Long backfillId) {
    Connection connection = open();
    try {
      long id;
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO job_chain (business_date, triggered_by, backfill_id, steps)"
                  + " VALUES (?, ?, ?, ?) RETURNING id")) {
        insert.setDate(1, Date.valueOf(request.businessDate()));
        insert.setString(2, request.trigger().key());
        insert.setObject(3, backfillId);
        insert.setArray(4, connection.createArrayOf("text", Step.keys(request.steps()).toArray()));
        try (ResultSet row = insert.executeQuery()) {
          row.next();
          id = row.getLong(1);
        }
      }
      RunLock.CHAIN.lock(connection, id);
      return new ChainHandle(connection, id);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw unavailable("start the chain for " + request.businessDate(), e);
    }
  }

  /**
   * Opens the row of a chain that scheduler nodes pass on step by step ({@code driven_by =
   * 'cluster'}): no session holds it, and {@link #finishChain} ends it. Returns its id.
   */
  public long openClusterChain(ChainRequest request, Long backfillId) {
    try (Connection connection = open();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO job_chain (business_date, triggered_by, backfill_id, steps, driven_by)"
                    + " VALUES (?, ?, ?, ?, 'cluster') RETURNING id")) {
      insert.setDate(1, Date.valueOf(request.businessDate()));
      insert.setString(2, request.trigger().key());
      insert.setObject(3, backfillId);
      insert.setArray(4, connection.createArrayOf("text", Step.keys(request.steps()).toArray()));
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw unavailable("open the chain for " + request.businessDate(), e);
    }
  }

  /** Ends a cluster chain's row, once: a second finish (a recovered job's) changes nothing. */
  public void finishChain(long chainId, String status, String message) {
    try (Connection connection = open();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE job_chain SET status = ?, message = ?, finished_at = now()"
                    + " WHERE id = ? AND status = 'running'")) {
      update.setString(1, status);
      update.setString(2, message);
      update.setLong(3, chainId);
      update.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("finish chain " + chainId, e);
    }
  }

  /** A chain's state as the audit holds it. */
  public record ChainState(
      long id,
      LocalDate businessDate,
      Trigger trigger,
      String status,
      List<Step> steps,
      Map<Step, String> done) {}

  /**
   * The chain's row and, per step, the status of its last run that finished (succeeded, skipped or
   * failed): what a node picking up the chain, or a recovered job, goes on from.
   */
  public ChainState chain(long chainId) {
    try (Connection connection = open();
        PreparedStatement chain =
            connection.prepareStatement(
                "SELECT business_date, status, steps, triggered_by FROM job_chain WHERE id = ?");
        PreparedStatement runs =
            connection.prepareStatement(
                "SELECT step, status FROM job_run WHERE chain_id = ?"
                    + " AND status IN ('succeeded', 'skipped', 'failed') ORDER BY id")) {
      chain.setLong(1, chainId);
      LocalDate date;
      String status;
      Trigger trigger;
      List<Step> steps = new ArrayList<>();
      try (ResultSet row = chain.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("no job_chain " + chainId);
        }
        date = row.getDate(1).toLocalDate();
        status = row.getString(2);
        trigger = Trigger.valueOf(row.getString(4).toUpperCase(Locale.ROOT));
        for (String key : (String[]) row.getArray(3).getArray()) {
          steps.add(Step.parse(key));
        }
      }
      Map<Step, String> done = new EnumMap<>(Step.class);
      runs.setLong(1, chainId);
      try (ResultSet row = runs.executeQuery()) {
        while (row.next()) {
          done.put(Step.parse(row.getString(1)), row.getString(2));
        }
      }
      return new ChainState(chainId, date, trigger, status, List.copyOf(steps), done);
    } catch (SQLException e) {
      throw unavailable("read chain " + chainId, e);
    }
  }

  /**
   * The newest business date whose whole chain (every step) succeeded, by any trigger: where the
   * nightly's catch-up starts from.
   */
  public Optional<LocalDate> lastCompletedDate() {
    try (Connection connection = open();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT max(business_date) FROM job_chain WHERE status = 'succeeded'"
                    + " AND steps @> ?")) {
      query.setArray(1, connection.createArrayOf("text", Step.keys(Step.CHAIN).toArray()));
      try (ResultSet row = query.executeQuery()) {
        row.next();
        Date date = row.getDate(1);
        return date == null ? Optional.empty() : Optional.of(date.toLocalDate());
      }
    } catch (SQLException e) {
      throw unavailable("read the last completed date", e);
    }
  }

  /** True while a cluster chain for any date is still running (the nightly does not start two). */
  public Optional<Long> runningClusterChain(Trigger trigger) {
    try (Connection connection = open();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT min(id) FROM job_chain WHERE status = 'running' AND driven_by = 'cluster'"
                    + " AND triggered_by = ?")) {
      query.setString(1, trigger.key());
      try (ResultSet row = query.executeQuery()) {
        row.next();
        long id = row.getLong(1);
        return row.wasNull() ? Optional.empty() : Optional.of(id);
      }
    } catch (SQLException e) {
      throw unavailable("look for running chains", e);
    }
  }

  /**
   * Takes the leases of {@code step} on every date of {@code from..to} (waiting while another node
   * holds one), then opens the run's row.
   */
  public RunHandle startRun(
      Long chainId,
      Long backfillId,
      Step step,
      LocalDate from,
      LocalDate to,
      int attempt,
      Trigger trigger) {
    return startRun(chainId, backfillId, step, from, to, List.of(), attempt, trigger);
  }

  /** As the other {@code startRun}, for {@code symbols} only (empty: every symbol). */
  public RunHandle startRun(
      Long chainId,
      Long backfillId,
      Step step,
      LocalDate from,
      LocalDate to,
      List<String> symbols,
      int attempt,
      Trigger trigger) {
    Connection connection = open();
    try {
      takeLeases(connection, step, from, to);
      long id;
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO job_run (chain_id, backfill_id, step, business_date, date_to, node,"
                  + " attempt, triggered_by, symbols) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                  + " RETURNING id")) {
        insert.setObject(1, chainId);
        insert.setObject(2, backfillId);
        insert.setString(3, step.key());
        insert.setDate(4, Date.valueOf(from));
        insert.setDate(5, Date.valueOf(to));
        insert.setString(6, node);
        insert.setInt(7, attempt);
        insert.setString(8, trigger.key());
        insert.setArray(
            9, symbols.isEmpty() ? null : connection.createArrayOf("text", symbols.toArray()));
        try (ResultSet row = insert.executeQuery()) {
          row.next();
          id = row.getLong(1);
        }
      }
      RunLock.JOB.lock(connection, id);
      return new RunHandle(connection, id);
    } catch (SQLException e) {
      releaseAndClose(connection);
      throw unavailable("start " + step.key() + " for " + from, e);
    } catch (RuntimeException e) {
      releaseAndClose(connection);
      throw e;
    }
  }

  /**
   * Opens the row of a run of a job that is no step of a business date's chain ({@code step} {@code
   * 'retrain'}), dated {@code businessDate}, after taking the job's own lease, which holds across
   * all dates: one such run at a time in the cluster, whether a node's trigger or an operator's
   * command started it. Waits for the lease as long as a step would.
   */
  public RunHandle startJobRun(String step, LocalDate businessDate, Trigger trigger) {
    Connection connection = open();
    try {
      long deadline = System.nanoTime() + leaseWait.toNanos();
      while (!tryLock(connection, JOB_LEASE_NAMESPACE, step.hashCode())) {
        if (System.nanoTime() > deadline) {
          throw new LeaseBusyException(
              "the lease of "
                  + step
                  + " is held by "
                  + holder(connection, step)
                  + " for more than "
                  + leaseWait.toSeconds()
                  + " s; try again once it has finished");
        }
        sleep(Duration.ofMillis(200));
      }
      long id;
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO job_run (step, business_date, date_to, node, triggered_by)"
                  + " VALUES (?, ?, ?, ?, ?) RETURNING id")) {
        insert.setString(1, step);
        insert.setDate(2, Date.valueOf(businessDate));
        insert.setDate(3, Date.valueOf(businessDate));
        insert.setString(4, node);
        insert.setString(5, trigger.key());
        try (ResultSet row = insert.executeQuery()) {
          row.next();
          id = row.getLong(1);
        }
      }
      RunLock.JOB.lock(connection, id);
      return new RunHandle(connection, id);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw unavailable("start " + step + " for " + businessDate, e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /** Records a step that did not run, with the reason, as one finished row. */
  public void skipped(
      Long chainId,
      Long backfillId,
      Step step,
      LocalDate from,
      LocalDate to,
      Trigger trigger,
      String reason) {
    try (Connection connection = open();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO job_run (chain_id, backfill_id, step, business_date, date_to, node,"
                    + " triggered_by, status, message, finished_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, 'skipped', ?, now())")) {
      insert.setObject(1, chainId);
      insert.setObject(2, backfillId);
      insert.setString(3, step.key());
      insert.setDate(4, Date.valueOf(from));
      insert.setDate(5, Date.valueOf(to));
      insert.setString(6, node);
      insert.setString(7, trigger.key());
      insert.setString(8, reason);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("record the skipped " + step.key() + " of " + from, e);
    }
  }

  private void takeLeases(Connection connection, Step step, LocalDate from, LocalDate to)
      throws SQLException {
    long deadline = System.nanoTime() + leaseWait.toNanos();
    for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
      while (!tryLease(connection, step, date)) {
        if (System.nanoTime() > deadline) {
          throw new LeaseBusyException(
              "the lease of "
                  + step.key()
                  + " for "
                  + date
                  + " is held by "
                  + holder(connection, step, date)
                  + " for more than "
                  + leaseWait.toSeconds()
                  + " s; it is retried later");
        }
        sleep(Duration.ofMillis(200));
      }
    }
  }

  private static boolean tryLease(Connection connection, Step step, LocalDate date)
      throws SQLException {
    return tryLock(connection, LEASE_NAMESPACE, leaseKey(step, date));
  }

  private static boolean tryLock(Connection connection, int namespace, int key)
      throws SQLException {
    try (PreparedStatement call =
        connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
      call.setInt(1, namespace);
      call.setInt(2, key);
      try (ResultSet row = call.executeQuery()) {
        row.next();
        return row.getBoolean(1);
      }
    }
  }

  static int leaseKey(Step step, LocalDate date) {
    return Math.toIntExact(date.toEpochDay() * 8 + step.ordinal());
  }

  private static String holder(Connection connection, Step step, LocalDate date)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT node || ' (job_run ' || id || ', ' || triggered_by || ')' FROM job_run"
                + " WHERE status = 'running' AND step = ? AND ? BETWEEN business_date AND date_to"
                + " ORDER BY id DESC LIMIT 1")) {
      query.setString(1, step.key());
      query.setDate(2, Date.valueOf(date));
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) : "another session";
      }
    }
  }

  private static String holder(Connection connection, String step) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT node || ' (job_run ' || id || ', ' || triggered_by || ')' FROM job_run"
                + " WHERE status = 'running' AND step = ? ORDER BY id DESC LIMIT 1")) {
      query.setString(1, step);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) : "another session";
      }
    }
  }

  private Connection open() {
    try {
      Connection connection = database.dataSource().getConnection();
      connection.setAutoCommit(true);
      return connection;
    } catch (SQLException e) {
      throw unavailable("reach the database", e);
    }
  }

  private static DatabaseUnavailableException unavailable(String what, SQLException e) {
    return new DatabaseUnavailableException(
        "could not " + what + " in the job audit: " + e.getMessage(), e);
  }

  /**
   * Gives a connection back to the pool without the advisory locks its session holds: the pool
   * keeps the session open, so a lease left on it would be held until the process ends.
   */
  private static void releaseAndClose(Connection connection) {
    try (PreparedStatement unlock =
        connection.prepareStatement("SELECT pg_advisory_unlock_all()")) {
      unlock.execute();
    } catch (SQLException e) {
      // the session is gone, and its locks with it
    }
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // already gone
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientException("interrupted while waiting for a lease", e);
    }
  }

  /** A lease another node holds longer than this node waits: to retry later. */
  public static final class LeaseBusyException extends TransientException {
    private static final long serialVersionUID = 1L;

    LeaseBusyException(String message) {
      super(message, null);
    }
  }

  /** A running chain's row and lock. Not thread-safe. */
  public static final class ChainHandle implements AutoCloseable {
    private final Connection connection;
    private final long id;

    ChainHandle(Connection connection, long id) {
      this.connection = connection;
      this.id = id;
    }

    public long id() {
      return id;
    }

    public void finish(String status, String message) {
      update(connection, "job_chain", id, status, null, message);
    }

    @Override
    public void close() {
      release(connection, RunLock.CHAIN, id);
    }
  }

  /** A running step's row, lock and leases. Not thread-safe. */
  public static final class RunHandle implements AutoCloseable {
    private final Connection connection;
    private final long id;

    RunHandle(Connection connection, long id) {
      this.connection = connection;
      this.id = id;
    }

    public long id() {
      return id;
    }

    public void finish(StepResult result) {
      update(
          connection,
          "job_run",
          id,
          result.status().name().toLowerCase(Locale.ROOT),
          result.rows() >= 0 ? result.rows() : null,
          result.message());
    }

    /** Releases the row's lock and every lease, by ending the session's locks. */
    @Override
    public void close() {
      releaseAndClose(connection);
    }
  }

  private static void update(
      Connection connection, String table, long id, String status, Long rows, String message) {
    String sql =
        "UPDATE "
            + table
            + " SET status = ?, finished_at = now(), message = ?"
            + (table.equals("job_run") ? ", rows = ?" : "")
            + " WHERE id = ?";
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      int p = 1;
      update.setString(p++, status);
      update.setString(p++, message);
      if (table.equals("job_run")) {
        update.setObject(p++, rows);
      }
      update.setLong(p, id);
      update.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("record the end of " + table + " " + id, e);
    }
  }

  private static void release(Connection connection, RunLock lock, long id) {
    try {
      lock.unlock(connection, id);
    } catch (SQLException e) {
      // the session is gone, and its lock with it
    }
    closeQuietly(connection);
  }
}
