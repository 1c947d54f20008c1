package io.stockpipe.features.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables a build of every date and symbol loads before {@link PartitionSwap} swaps them in, and
 * the lock that tells a running build's tables from a dead one's.
 *
 * <p>The build holds a session-level advisory lock, keyed by its tables' names, on a connection of
 * its own for as long as it runs, as {@code IngestRunLog} does for an ingest. PostgreSQL releases
 * the lock with the session when the process dies (a killed JVM runs no cleanup), so replacement
 * tables whose lock is free belong to a build that is gone: the next full build drops them at once
 * and says so, on any node of a cluster. Not thread-safe: one build, one instance.
 */
final class ReplacementTables implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReplacementTables.class);

  /** Advisory lock namespace of feature builds ("STKF"); ingest runs use "STKP". */
  private static final int LOCK_NAMESPACE = 0x5354_4b46;

  /**
   * A replacement table's name: its target, "_build_", its creation time (epoch seconds) and the
   * first 12 hex digits of the build id, whose first 8 are the lock key.
   */
  private static final String INFIX = "_build_";

  private static final Pattern NAME =
      Pattern.compile("^(?:feature|label)_row_build_[0-9]+_([0-9a-f]{8})[0-9a-f]*$");

  private final Connection lockConnection;
  private final int lockKey;
  private final BuildTarget target;

  private ReplacementTables(Connection lockConnection, int lockKey, BuildTarget target) {
    this.lockConnection = lockConnection;
    this.lockKey = lockKey;
    this.target = target;
  }

  /**
   * Takes the build's lock, drops what dead builds left, then creates the build's fresh, empty,
   * unkeyed tables. The lock comes first, so that no other build's cleanup ever sees these tables
   * without it.
   */
  static ReplacementTables create(DataSource dataSource, String buildId, String version)
      throws SQLException {
    String id = buildId.replace("-", "").toLowerCase(Locale.ROOT).substring(0, 12);
    String suffix = INFIX + Instant.now().getEpochSecond() + "_" + id;
    BuildTarget target =
        new BuildTarget(buildId, version, "feature_row" + suffix, "label_row" + suffix, true);
    int key = lockKey(target.featureTable());
    Connection connection = dataSource.getConnection();
    try {
      connection.setAutoCommit(true);
      advisory(connection, "pg_advisory_lock", key);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    ReplacementTables tables = new ReplacementTables(connection, key, target);
    try (Statement statement = connection.createStatement()) {
      dropLeftByDeadBuilds(connection);
      // No keys yet: the rows arrive by COPY from several tasks; each key is built once, after.
      statement.execute(
          "CREATE TABLE " + target.featureTable() + " (LIKE feature_row INCLUDING DEFAULTS)");
      statement.execute(
          "CREATE TABLE " + target.labelTable() + " (LIKE label_row INCLUDING DEFAULTS)");
      return tables;
    } catch (SQLException | RuntimeException e) {
      try (tables;
          Statement statement = connection.createStatement()) {
        drop(statement, target);
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  BuildTarget target() {
    return target;
  }

  static void drop(Statement statement, BuildTarget target) throws SQLException {
    statement.execute("DROP TABLE IF EXISTS " + target.featureTable());
    statement.execute("DROP TABLE IF EXISTS " + target.labelTable());
  }

  /** Lets other builds' cleanup drop this build's tables, if any are left. */
  @Override
  public void close() throws SQLException {
    // The connection goes back to a pool, not away: release the lock explicitly. (If the process
    // dies instead, PostgreSQL releases it with the session.)
    try {
      advisory(lockConnection, "pg_advisory_unlock", lockKey);
    } finally {
      lockConnection.close();
    }
  }

  /**
   * Drops each replacement table whose build's lock is free, with a warning naming it and its size;
   * leaves those of builds still running.
   */
  private static void dropLeftByDeadBuilds(Connection connection) throws SQLException {
    List<String> found = new ArrayList<>();
    List<String> sizes = new ArrayList<>();
    try (PreparedStatement tables =
        connection.prepareStatement(
            "SELECT c.relname, pg_size_pretty(pg_total_relation_size(c.oid)) FROM pg_class c"
                + " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'"
                + " AND c.relname ~ ? ORDER BY c.relname")) {
      tables.setString(1, NAME.pattern());
      try (ResultSet rows = tables.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
          sizes.add(rows.getString(2));
        }
      }
    }
    try (Statement statement = connection.createStatement()) {
      for (int i = 0; i < found.size(); i++) {
        String table = found.get(i);
        int key = lockKey(table);
        if (!"true".equals(advisory(connection, "pg_try_advisory_lock", key))) {
          log.info(
              "left {} ({}) alone: the feature build loading it still runs", table, sizes.get(i));
          continue;
        }
        try {
          log.warn(
              "dropping {} ({}), left by a full feature build that died before swapping it in;"
                  + " none of its rows reached feature_row/label_row",
              table,
              sizes.get(i));
          statement.execute("DROP TABLE IF EXISTS " + table);
        } finally {
          advisory(connection, "pg_advisory_unlock", key);
        }
      }
    }
  }

  /** The build's lock key: the first 8 hex digits of its id, as its tables' names carry them. */
  private static int lockKey(String table) {
    Matcher name = NAME.matcher(table);
    if (!name.matches()) {
      throw new IllegalArgumentException("not a replacement table's name: " + table);
    }
    return Integer.parseUnsignedInt(name.group(1), 16);
  }

  /** Calls one of PostgreSQL's advisory-lock functions on {@code key}; returns its result. */
  private static String advisory(Connection connection, String function, int key)
      throws SQLException {
    try (PreparedStatement call =
        connection.prepareStatement("SELECT " + function + "(?, ?)::text")) {
      call.setInt(1, LOCK_NAMESPACE);
      call.setInt(2, key);
      try (ResultSet rows = call.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }
}
