package io.stockpipe.scheduler.backfill;

import io.stockpipe.db.Database;
import io.stockpipe.errors.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The advisory lock of one backfill, held on a connection of its own by whoever runs one of its
 * units or re-plans it: so a unit that Quartz recovered on another node, and a resume, never run
 * beside each other. PostgreSQL frees it with the session, however its process ends. Not
 * thread-safe; close it once.
 */
final class BackfillLock implements AutoCloseable {
  /** Namespace of the backfill locks ("STKV"): key = backfill id. */
  static final int NAMESPACE = 0x5354_4b58;

  private final Connection connection;

  private BackfillLock(Connection connection) {
    this.connection = connection;
  }

  /** Waits for the lock of backfill {@code id}. */
  static BackfillLock acquire(Database database, long id) {
    return take(database, id, "pg_advisory_lock").orElseThrow();
  }

  /** The lock of backfill {@code id} if nobody holds it now. */
  static Optional<BackfillLock> tryAcquire(Database database, long id) {
    return take(database, id, "pg_try_advisory_lock");
  }

  private static Optional<BackfillLock> take(Database database, long id, String function) {
    Connection connection = null;
    try {
      connection = database.dataSource().getConnection();
      connection.setAutoCommit(true);
      try (PreparedStatement call =
          connection.prepareStatement("SELECT " + function + "(?, ?)::text")) {
        call.setInt(1, NAMESPACE);
        call.setInt(2, Math.toIntExact(id));
        try (ResultSet row = call.executeQuery()) {
          row.next();
          if ("false".equals(row.getString(1))) {
            connection.close();
            return Optional.empty();
          }
        }
      }
      return Optional.of(new BackfillLock(connection));
    } catch (SQLException e) {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // already gone
        }
      }
      throw new DatabaseUnavailableException(
          "cannot take the lock of backfill " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try (PreparedStatement unlock =
        connection.prepareStatement("SELECT pg_advisory_unlock_all()")) {
      unlock.execute();
    } catch (SQLException e) {
      // the session is gone, and its lock with it
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // already gone
    }
  }
}
