package io.stockpipe.db.runs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit tables whose rows say "running" only while their process lives, and the advisory lock
 * by which a row shows it. A run takes {@code pg_advisory_lock(namespace, id)} on its own
 * connection; PostgreSQL releases it when that session ends, however the process dies, on every
 * node of a cluster alike. Stateless and thread-safe.
 *
 * @param table the audit table, with columns id, status, finished_at and message
 * @param namespace the first key of the table's advisory locks
 * @param scope the SQL condition on the table's rows that hold such a lock ("true" for all)
 */
public record RunLock(String table, int namespace, String scope) {
  private static final Logger log = LoggerFactory.getLogger(RunLock.class);

  public static final RunLock INGEST = new RunLock("ingest_run", 0x5354_4b50, "true"); // "STKP"
  public static final RunLock COMMAND = new RunLock("command_run", 0x5354_4b57, "true");
  public static final RunLock JOB = new RunLock("job_run", 0x5354_4b53, "true");

  /**
   * Chains that one process runs from start to end ({@code stockpipe run}). A scheduled chain
   * passes from node to node, so no session holds it: the nodes finish it, or report it stuck.
   */
  public static final RunLock CHAIN =
      new RunLock("job_chain", 0x5354_4b54, "driven_by = 'process'");

  /** Every kind of run, swept at each command's start-up. */
  public static final List<RunLock> ALL = List.of(INGEST, COMMAND, JOB, CHAIN);

  /** Marks every run of every kind whose process died "aborted"; returns how many. */
  public static int abortDeadRuns(DataSource dataSource) throws SQLException {
    int aborted = 0;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      for (RunLock kind : ALL) {
        aborted += kind.abortDeadRuns(connection);
      }
    }
    return aborted;
  }

  /** Marks this table's runs whose lock is free "aborted", on {@code connection}. */
  public int abortDeadRuns(Connection connection) throws SQLException {
    List<Long> running = new ArrayList<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT id FROM " + table + " WHERE status = 'running' AND (" + scope + ")");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        running.add(rows.getLong(1));
      }
    }
    int aborted = 0;
    for (long id : running) {
      if (call(connection, "pg_try_advisory_lock", id)) {
        try (PreparedStatement abort =
            connection.prepareStatement(
                "UPDATE "
                    + table
                    + " SET status = 'aborted', finished_at = now(), message ="
                    + " 'the process died before finishing; what it committed is kept'"
                    + " WHERE id = ? AND status = 'running'")) {
          abort.setLong(1, id);
          aborted += abort.executeUpdate();
        } finally {
          call(connection, "pg_advisory_unlock", id);
        }
        log.warn("{} {} was left running by a process that died; marked aborted", table, id);
      }
    }
    return aborted;
  }

  /** Holds the lock of run {@code id} on {@code connection} until {@link #unlock}. */
  public void lock(Connection connection, long id) throws SQLException {
    call(connection, "pg_advisory_lock", id);
  }

  public void unlock(Connection connection, long id) throws SQLException {
    call(connection, "pg_advisory_unlock", id);
  }

  private boolean call(Connection connection, String function, long id) throws SQLException {
    try (PreparedStatement call =
        connection.prepareStatement("SELECT " + function + "(?, ?::int)::text")) {
      call.setInt(1, namespace);
      call.setLong(2, id);
      try (ResultSet rows = call.executeQuery()) {
        rows.next();
        return !"false".equals(rows.getString(1));
      }
    }
  }
}
