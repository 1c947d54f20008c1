package io.stockpipe.features.store;

import io.stockpipe.errors.PipelineException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A build of every date and symbol: its own tables, loaded without keys, keyed once after, and
 * swapped in for the version's partition of feature_row (V6) and label_row's one partition (V7) in
 * a catalog-only transaction: no delete and re-insert through the keys, no dead rows.
 */
final class PartitionSwap {
  private static final Logger log = LoggerFactory.getLogger(PartitionSwap.class);

  /** label_row's one partition, which a full build replaces (V7). */
  private static final String LABEL_PARTITION = "label_row_all";

  /** The longest a swap attempt keeps readers queued behind it. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(2);

  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private final Duration swapPatience;

  PartitionSwap(Duration swapPatience) {
    this.swapPatience = swapPatience;
  }

  /** Keys the build's tables, then swaps them in; returns what they hold. */
  MergeResult commit(Connection connection, BuildTarget target, FeatureSetRecord featureSet)
      throws SQLException {
    FeatureStore.Span span =
        prepareFeatures(connection, target.featureTable(), featureSet.version());
    long labelRows = prepareLabels(connection, target.labelTable());
    swapWhenFree(connection, target, featureSet);
    return new MergeResult(
        span.rows(), labelRows, span.symbols(), span.firstDate(), span.lastDate());
  }

  /**
   * The swap needs feature_row and label_row to itself for a moment, so it must wait for readers
   * that hold them; and while it waits, PostgreSQL queues every new reader behind it. So it waits
   * at most {@link #LOCK_WAIT} at a time, then lets the queue through and tries again, for up to
   * {@code swapPatience} in all.
   */
  private void swapWhenFree(Connection connection, BuildTarget target, FeatureSetRecord featureSet)
      throws SQLException {
    long deadline = System.nanoTime() + swapPatience.toNanos();
    connection.setAutoCommit(false);
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          FeatureStore.lock(connection);
          try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL lock_timeout = " + LOCK_WAIT.toMillis());
          }
          FeatureStore.saveFeatureSet(connection, featureSet);
          String version = featureSet.version();
          String partition = FeatureStore.ensurePartition(connection, version);
          swap(
              connection,
              target.featureTable(),
              "feature_row",
              partition,
              "IN (" + FeatureStore.literal(connection, version) + ")");
          swap(connection, target.labelTable(), "label_row", LABEL_PARTITION, null);
          connection.commit();
          return;
        } catch (SQLException e) {
          connection.rollback();
          if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
            throw e;
          }
          if (System.nanoTime() >= deadline) {
            throw new PipelineException(busy(connection, featureSet.version()), e);
          }
          log.info(
              "feature_row/label_row in use by a reader; swap of {} tries again (attempt {})",
              featureSet.version(),
              attempt);
          pause();
        }
      }
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** Why the swap gave up, naming the sessions that held the tables. */
  private String busy(Connection connection, String version) throws SQLException {
    List<String> holders = new ArrayList<>();
    try (PreparedStatement sessions =
        connection.prepareStatement(
            "SELECT DISTINCT a.pid, coalesce(nullif(a.application_name, ''), '?'), a.usename,"
                + " a.state, to_char(a.xact_start, 'YYYY-MM-DD HH24:MI:SS')"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " JOIN pg_class c ON c.oid = l.relation"
                + " WHERE l.granted AND l.pid <> pg_backend_pid()"
                + " AND (c.relname IN ('feature_row', 'label_row', ?)"
                + " OR c.oid IN (SELECT inhrelid FROM pg_inherits"
                + " WHERE inhparent IN ('feature_row'::regclass, 'label_row'::regclass)))"
                + " ORDER BY 1")) {
      sessions.setString(1, LABEL_PARTITION);
      try (ResultSet rows = sessions.executeQuery()) {
        while (rows.next()) {
          holders.add(
              "pid "
                  + rows.getInt(1)
                  + " ("
                  + rows.getString(2)
                  + ", user "
                  + rows.getString(3)
                  + ", "
                  + rows.getString(4)
                  + ", transaction since "
                  + rows.getString(5)
                  + ")");
        }
      }
    }
    return "could not swap in feature set "
        + version
        + ": feature_row/label_row stayed in use for "
        + swapPatience.toSeconds()
        + " s, and the swap needs them alone for a moment. Held by: "
        + (holders.isEmpty() ? "no session now" : String.join("; ", holders))
        + ". Let those transactions end (or SELECT pg_terminate_backend(pid)) and build again.";
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PipelineException("interrupted while waiting to swap in features", e);
    }
  }

  /**
   * Before the swap, outside any lock (nobody else reads the table): the key, which also proves
   * each row unique; the constraint that lets ATTACH skip its scan; statistics for the planner.
   */
  private static FeatureStore.Span prepareFeatures(
      Connection connection, String table, String version) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "ALTER TABLE "
              + table
              + " ADD CONSTRAINT "
              + table
              + "_version CHECK (feature_set_version = "
              + FeatureStore.literal(connection, version)
              + ")");
      keyAndAnalyze(statement, table, "feature_set_version, symbol, trade_date");
      return FeatureStore.span(
          connection,
          "SELECT count(*), count(DISTINCT symbol), min(trade_date), max(trade_date) FROM " + table,
          null);
    }
  }

  /** As {@link #prepareFeatures}; the DEFAULT partition it becomes needs no constraint. */
  private static long prepareLabels(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      keyAndAnalyze(statement, table, "symbol, trade_date");
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** The primary key {@code <table>_pkey}, which {@link #swap} renames, and planner statistics. */
  private static void keyAndAnalyze(Statement statement, String table, String keyColumns)
      throws SQLException {
    statement.execute(
        "ALTER TABLE "
            + table
            + " ADD CONSTRAINT "
            + table
            + "_pkey PRIMARY KEY ("
            + keyColumns
            + ")");
    statement.execute("ANALYZE " + table);
  }

  /**
   * Drops {@code parent}'s partition {@code partition} and attaches {@code table} in its place,
   * {@code FOR VALUES} {@code bound}, or as the DEFAULT partition when {@code bound} is null.
   */
  private static void swap(
      Connection connection, String table, String parent, String partition, String bound)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE " + partition);
      statement.execute("ALTER TABLE " + table + " RENAME TO " + partition);
      statement.execute("ALTER INDEX " + table + "_pkey RENAME TO " + partition + "_pkey");
      statement.execute(
          "ALTER TABLE "
              + parent
              + " ATTACH PARTITION "
              + partition
              + (bound == null ? " DEFAULT" : " FOR VALUES " + bound));
      if (bound != null) {
        // Implied by the partition bound from now on.
        statement.execute("ALTER TABLE " + partition + " DROP CONSTRAINT " + table + "_version");
      }
    }
  }
}
