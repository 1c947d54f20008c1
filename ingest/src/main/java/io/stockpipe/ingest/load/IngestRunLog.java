package io.stockpipe.ingest.load;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The {@code ingest_run} audit row of one run. The run holds a PostgreSQL advisory lock on its own
 * connection for as long as it lives; a run still marked "running" whose lock is free belongs to a
 * process that died, and the next run marks it "aborted". This works across cluster nodes.
 */
public final class IngestRunLog implements AutoCloseable {
  private static final int LOCK_NAMESPACE = 0x5354_4b50; // "STKP"

  private final Connection connection;
  private final long runId;

  private IngestRunLog(Connection connection, long runId) {
    this.connection = connection;
    this.runId = runId;
  }

  /** Marks dead runs aborted, then opens a new run. */
  public static IngestRunLog start(DataSource dataSource, String source, boolean strict)
      throws SQLException {
    Connection connection = dataSource.getConnection();
    try {
      connection.setAutoCommit(true);
      markDeadRunsAborted(connection);
      long runId;
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO ingest_run (source, strict, host, pid) VALUES (?, ?, ?, ?)"
                  + " RETURNING id")) {
        insert.setString(1, source);
        insert.setBoolean(2, strict);
        insert.setString(3, hostName());
        insert.setLong(4, ProcessHandle.current().pid());
        try (ResultSet rows = insert.executeQuery()) {
          rows.next();
          runId = rows.getLong(1);
        }
      }
      advisory(connection, "pg_advisory_lock", runId);
      return new IngestRunLog(connection, runId);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private static void markDeadRunsAborted(Connection connection) throws SQLException {
    List<Long> running = new ArrayList<>();
    try (PreparedStatement select =
            connection.prepareStatement("SELECT id FROM ingest_run WHERE status = 'running'");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        running.add(rows.getLong(1));
      }
    }
    for (long id : running) {
      boolean ownerGone = "true".equals(advisory(connection, "pg_try_advisory_lock", id));
      if (ownerGone) {
        try (PreparedStatement abort =
            connection.prepareStatement(
                "UPDATE ingest_run SET status = 'aborted', finished_at = now(), message ="
                    + " 'the process died before finishing; batches it committed are kept'"
                    + " WHERE id = ? AND status = 'running'")) {
          abort.setLong(1, id);
          abort.executeUpdate();
        }
        advisory(connection, "pg_advisory_unlock", id);
      }
    }
  }

  /** Calls one of PostgreSQL's advisory-lock functions on the run's key; returns its result. */
  private static String advisory(Connection connection, String function, long runId)
      throws SQLException {
    try (PreparedStatement call =
        connection.prepareStatement("SELECT " + function + "(?, ?::int)::text")) {
      call.setInt(1, LOCK_NAMESPACE);
      call.setLong(2, runId);
      try (ResultSet rows = call.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }

  public long runId() {
    return runId;
  }

  /**
   * Writes the final state. Counters are absolute, so a rolled-back strict run still shows them.
   */
  public void finish(
      String status,
      String message,
      long filesRead,
      long filesFailed,
      long rowsRead,
      long rowsLoaded,
      long rowsChanged,
      long rowsRejected)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE ingest_run SET status = ?, message = ?, finished_at = now(), files_read = ?,"
                + " files_failed = ?, rows_read = ?, rows_loaded = ?, rows_changed = ?,"
                + " rows_rejected = ? WHERE id = ?")) {
      update.setString(1, status);
      update.setString(2, message);
      update.setLong(3, filesRead);
      update.setLong(4, filesFailed);
      update.setLong(5, rowsRead);
      update.setLong(6, rowsLoaded);
      update.setLong(7, rowsChanged);
      update.setLong(8, rowsRejected);
      update.setLong(9, runId);
      update.executeUpdate();
    }
  }

  @Override
  public void close() throws SQLException {
    // The connection goes back to a pool, not away: release the lock explicitly. (If the process
    // dies instead, PostgreSQL releases it with the session.)
    try {
      advisory(connection, "pg_advisory_unlock", runId);
    } finally {
      connection.close();
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }
}
