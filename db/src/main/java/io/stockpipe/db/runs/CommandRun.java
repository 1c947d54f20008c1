package io.stockpipe.db.runs;

import io.stockpipe.errors.DatabaseUnavailableException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The {@code command_run} row of one batch command, on a connection of its own that holds the run's
 * advisory lock until {@link #close()}. Not thread-safe: one command, one thread.
 */
public final class CommandRun implements AutoCloseable {
  private final Connection connection;
  private final long id;
  private boolean finished;

  private CommandRun(Connection connection, long id) {
    this.connection = connection;
    this.id = id;
  }

  /** Records that {@code command} started with {@code arguments} (a description, no secrets). */
  public static CommandRun start(DataSource dataSource, String command, String arguments) {
    try {
      Connection connection = dataSource.getConnection();
      try {
        connection.setAutoCommit(true);
        long id;
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO command_run (command, arguments, host, pid) VALUES (?, ?, ?, ?)"
                    + " RETURNING id")) {
          insert.setString(1, command);
          insert.setString(2, arguments);
          insert.setString(3, hostName());
          insert.setLong(4, ProcessHandle.current().pid());
          try (ResultSet rows = insert.executeQuery()) {
            rows.next();
            id = rows.getLong(1);
          }
        }
        RunLock.COMMAND.lock(connection, id);
        return new CommandRun(connection, id);
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot record the " + command + " run in command_run: " + e.getMessage(), e);
    }
  }

  public long id() {
    return id;
  }

  public void succeeded(String message) {
    finish("succeeded", message);
  }

  public void failed(String message) {
    finish("failed", message);
  }

  private void finish(String status, String message) {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE command_run SET status = ?, message = ?, finished_at = now() WHERE id = ?")) {
      update.setString(1, status);
      update.setString(2, message);
      update.setLong(3, id);
      update.executeUpdate();
      finished = true;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot record the end of command_run " + id + ": " + e.getMessage(), e);
    }
  }

  /**
   * Releases the lock. A run closed without an outcome (its connection lost, say) stays "running"
   * and its lock free, so the next command marks it aborted.
   */
  @Override
  public void close() {
    try {
      if (!connection.isClosed()) {
        RunLock.COMMAND.unlock(connection, id);
      }
    } catch (SQLException e) {
      // the session is gone, and its lock with it
    } finally {
      try {
        connection.close();
      } catch (SQLException e) {
        // nothing left to release
      }
    }
  }

  /** True once {@link #succeeded} or {@link #failed} was recorded. */
  public boolean finished() {
    return finished;
  }

  /** The host name a run records: this machine's, or the JVM's name where it has none. */
  public static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }
}
