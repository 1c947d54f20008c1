package io.stockpipe.ingest.load;

import io.stockpipe.db.runs.CommandRun;
import io.stockpipe.db.runs.RunLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The {@code ingest_run} audit row of one run. The run holds a PostgreSQL advisory lock on its own
 * connection for as long as it lives; a run still marked "running" whose lock is free belongs to a
 * process that died, and the next run marks it "aborted". This works across cluster nodes.
 */
public final class IngestRunLog implements AutoCloseable {
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
      RunLock.INGEST.abortDeadRuns(connection);
      long runId;
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO ingest_run (source, strict, host, pid) VALUES (?, ?, ?, ?)"
                  + " RETURNING id")) {
        insert.setString(1, source);
        insert.setBoolean(2, strict);
        insert.setString(3, CommandRun.hostName());
        insert.setLong(4, ProcessHandle.current().pid());
        try (ResultSet rows = insert.executeQuery()) {
          rows.next();
          runId = rows.getLong(1);
        }
      }
      RunLock.INGEST.lock(connection, runId);
      return new IngestRunLog(connection, runId);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
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
      RunLock.INGEST.unlock(connection, runId);
    } finally {
      connection.close();
    }
  }
}
