package io.stockpipe.features.store;

import io.stockpipe.errors.PipelineException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one build's rows into feature_row and label_row. Each step that readers can see is one
 * transaction under an advisory lock, so readers see the old rows or the new ones, two builds never
 * interleave, and running the same build again converges to the same rows.
 *
 * <p>A build of every date and symbol loads tables of its own, which then replace the version's
 * partition of feature_row and label_row's one partition (catalog changes only). Any other build
 * appends to the shared staging tables and replaces just its dates and symbols.
 */
public final class FeatureStore {
  private static final Logger log = LoggerFactory.getLogger(FeatureStore.class);

  public static final String FEATURE_STAGING = "feature_row_staging";
  public static final String LABEL_STAGING = "label_row_staging";

  /** label_row's one partition, which a full build replaces (V7). */
  private static final String LABEL_PARTITION = "label_row_all";

  /** Advisory lock key shared by every feature build ('stockpipe.features' hashed). */
  private static final long LOCK_KEY = 0x5f0c_a7e5_0000_0001L;

  /**
   * A replacement table's name: its target, "_build_", its creation time (epoch seconds) and the
   * start of the build id.
   */
  private static final String REPLACEMENT_INFIX = "_build_";

  private static final String REPLACEMENT_PATTERN =
      "^(feature|label)_row_build_([0-9]+)_[0-9a-f]+$";

  /** Replacement tables left by a build that died this long ago are dropped by the next build. */
  static final Duration ABANDONED_AFTER = Duration.ofDays(1);

  /** The longest a swap attempt keeps readers queued behind it. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(2);

  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  /** How long a full build waits, in all, for readers to let the swap through. */
  public static final Duration SWAP_PATIENCE = Duration.ofMinutes(10);

  private final DataSource dataSource;
  private final Duration swapPatience;

  public FeatureStore(DataSource dataSource) {
    this(dataSource, SWAP_PATIENCE);
  }

  public FeatureStore(DataSource dataSource, Duration swapPatience) {
    this.dataSource = dataSource;
    this.swapPatience = swapPatience;
  }

  /**
   * Where the build's rows go: fresh replacement tables when the scope is every date and symbol,
   * else the staging tables under the build's id.
   */
  public BuildTarget open(String buildId, String version, WriteScope scope) {
    if (!scope.replacesVersion()) {
      return new BuildTarget(buildId, version, FEATURE_STAGING, LABEL_STAGING, false);
    }
    String suffix =
        REPLACEMENT_INFIX
            + Instant.now().getEpochSecond()
            + "_"
            + buildId.replace("-", "").substring(0, 12);
    BuildTarget target =
        new BuildTarget(buildId, version, "feature_row" + suffix, "label_row" + suffix, true);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      dropAbandonedReplacements(connection);
      // No keys yet: the rows arrive by COPY from several tasks; each key is built once, after.
      statement.execute(
          "CREATE TABLE " + target.featureTable() + " (LIKE feature_row INCLUDING DEFAULTS)");
      statement.execute(
          "CREATE TABLE " + target.labelTable() + " (LIKE label_row INCLUDING DEFAULTS)");
    } catch (SQLException e) {
      throw new PipelineException(
          "could not create the tables for feature set " + version + ": " + e.getMessage(), e);
    }
    return target;
  }

  /** Makes the build's rows the stored ones: see the class comment. */
  public MergeResult commit(BuildTarget target, FeatureSetRecord featureSet, WriteScope scope) {
    String version = featureSet.version();
    try (Connection connection = dataSource.getConnection()) {
      if (target.replacesAll()) {
        Span span = prepareFeatures(connection, target.featureTable(), version);
        long labelRows = prepareLabels(connection, target.labelTable());
        swapWhenFree(connection, target, featureSet);
        return new MergeResult(
            span.rows(), labelRows, span.symbols(), span.firstDate(), span.lastDate());
      }
      connection.setAutoCommit(false);
      try {
        lock(connection);
        saveFeatureSet(connection, featureSet);
        ensurePartition(connection, version);
        Span span = mergeStaged(connection, target.buildId(), version, scope);
        long labelRows = mergeLabels(connection, target.buildId(), scope);
        deleteStaging(connection, target.buildId());
        connection.commit();
        return new MergeResult(
            span.rows(), labelRows, span.symbols(), span.firstDate(), span.lastDate());
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PipelineException("could not write features " + version + ": " + e.getMessage(), e);
    }
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
          lock(connection);
          try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL lock_timeout = " + LOCK_WAIT.toMillis());
          }
          saveFeatureSet(connection, featureSet);
          String version = featureSet.version();
          String partition = ensurePartition(connection, version);
          swap(
              connection,
              target.featureTable(),
              "feature_row",
              partition,
              "IN (" + literal(connection, version) + ")");
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

  private static void lock(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, LOCK_KEY);
      lock.execute();
    }
  }

  private static String ensurePartition(Connection connection, String version) throws SQLException {
    try (PreparedStatement ensure =
        connection.prepareStatement("SELECT ensure_feature_row_partition(?)")) {
      ensure.setString(1, version);
      try (ResultSet rows = ensure.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }

  /**
   * Before the swap, outside any lock (nobody else reads the table): the key, which also proves
   * each row unique; the constraint that lets ATTACH skip its scan; statistics for the planner.
   */
  private static Span prepareFeatures(Connection connection, String table, String version)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "ALTER TABLE "
              + table
              + " ADD CONSTRAINT "
              + table
              + "_version CHECK (feature_set_version = "
              + literal(connection, version)
              + ")");
      statement.execute(
          "ALTER TABLE "
              + table
              + " ADD CONSTRAINT "
              + table
              + "_pkey PRIMARY KEY (feature_set_version, symbol, trade_date)");
      statement.execute("ANALYZE " + table);
      return span(
          connection,
          "SELECT count(*), count(DISTINCT symbol), min(trade_date), max(trade_date) FROM " + table,
          null);
    }
  }

  /** As {@link #prepareFeatures}; the DEFAULT partition it becomes needs no constraint. */
  private static long prepareLabels(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "ALTER TABLE "
              + table
              + " ADD CONSTRAINT "
              + table
              + "_pkey PRIMARY KEY (symbol, trade_date)");
      statement.execute("ANALYZE " + table);
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
        rows.next();
        return rows.getLong(1);
      }
    }
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

  private static Span mergeStaged(
      Connection connection, String buildId, String version, WriteScope scope) throws SQLException {
    Array symbols = connection.createArrayOf("text", scope.symbols().toArray());
    String symbolFilter = scope.symbols().isEmpty() ? "" : " AND symbol = ANY(?)";
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM feature_row WHERE feature_set_version = ?"
                + (scope.isAll() ? "" : " AND trade_date BETWEEN ? AND ?")
                + symbolFilter)) {
      int parameter = 1;
      delete.setString(parameter++, version);
      if (!scope.isAll()) {
        delete.setObject(parameter++, scope.from());
        delete.setObject(parameter++, scope.to());
      }
      if (!scope.symbols().isEmpty()) {
        delete.setArray(parameter, symbols);
      }
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO feature_row (feature_set_version, symbol, trade_date, features)"
                + " SELECT ?, symbol, trade_date, features FROM "
                + FEATURE_STAGING
                + " WHERE build_id = ?")) {
      insert.setString(1, version);
      insert.setString(2, buildId);
      insert.executeUpdate();
    }
    return span(
        connection,
        "SELECT count(*), count(DISTINCT symbol), min(trade_date), max(trade_date) FROM "
            + FEATURE_STAGING
            + " WHERE build_id = ?",
        buildId);
  }

  private static long mergeLabels(Connection connection, String buildId, WriteScope scope)
      throws SQLException {
    // Labels of a date range: each symbol's staged span, which starts a few rows before `from`
    // (those labels can now see the new bars). A full build replaces every label in scope.
    String deleteLabels =
        scope.isAll()
            ? "DELETE FROM label_row WHERE true"
                + (scope.symbols().isEmpty() ? "" : " AND symbol = ANY(?)")
            : "DELETE FROM label_row l USING (SELECT symbol, min(trade_date) AS first_date,"
                + " max(trade_date) AS last_date FROM "
                + LABEL_STAGING
                + " WHERE build_id = ? GROUP BY symbol) staged"
                + " WHERE l.symbol = staged.symbol"
                + " AND l.trade_date BETWEEN staged.first_date AND staged.last_date";
    try (PreparedStatement delete = connection.prepareStatement(deleteLabels)) {
      if (!scope.isAll()) {
        delete.setString(1, buildId);
      } else if (!scope.symbols().isEmpty()) {
        delete.setArray(1, connection.createArrayOf("text", scope.symbols().toArray()));
      }
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO label_row (symbol, trade_date, next_return_1d, forward_return_5d)"
                + " SELECT symbol, trade_date, next_return_1d, forward_return_5d FROM "
                + LABEL_STAGING
                + " WHERE build_id = ?")) {
      insert.setString(1, buildId);
      return insert.executeUpdate();
    }
  }

  /** Rows, symbols and date span from a {@code count(*), count(DISTINCT), min, max} query. */
  private static Span span(Connection connection, String query, String buildId)
      throws SQLException {
    try (PreparedStatement span = connection.prepareStatement(query)) {
      if (buildId != null) {
        span.setString(1, buildId);
      }
      try (ResultSet rows = span.executeQuery()) {
        rows.next();
        return new Span(
            rows.getLong(1),
            rows.getLong(2),
            toLocalDate(rows.getDate(3)),
            toLocalDate(rows.getDate(4)));
      }
    }
  }

  private record Span(long rows, long symbols, LocalDate firstDate, LocalDate lastDate) {}

  private static String literal(Connection connection, String value) throws SQLException {
    return "'" + connection.unwrap(PGConnection.class).escapeLiteral(value) + "'";
  }

  private static void saveFeatureSet(Connection connection, FeatureSetRecord featureSet)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO feature_set (version, registry_hash, normalisation, feature_names,"
                + " definitions) VALUES (?, ?, ?, ?, ?) ON CONFLICT (version) DO NOTHING")) {
      insert.setString(1, featureSet.version());
      insert.setString(2, featureSet.registryHash());
      insert.setString(3, featureSet.normalisation());
      insert.setArray(4, connection.createArrayOf("text", featureSet.featureNames().toArray()));
      insert.setString(5, featureSet.definitions());
      insert.executeUpdate();
    }
  }

  /**
   * Removes what a build left behind: its staged rows and its replacement table; for a build that
   * failed, and harmless after one that committed.
   */
  public void discard(String buildId, BuildTarget target) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      deleteStaging(connection, buildId);
      if (target != null && target.replacesAll()) {
        statement.execute("DROP TABLE IF EXISTS " + target.featureTable());
        statement.execute("DROP TABLE IF EXISTS " + target.labelTable());
      }
    } catch (SQLException e) {
      throw new PipelineException(
          "could not clear staged feature rows of build " + buildId + ": " + e.getMessage(), e);
    }
  }

  /**
   * Replacement tables of builds that died (a killed JVM runs no cleanup) more than {@link
   * #ABANDONED_AFTER} ago; a build still running is younger than that.
   */
  private static void dropAbandonedReplacements(Connection connection) throws SQLException {
    long cutoff = Instant.now().minus(ABANDONED_AFTER).getEpochSecond();
    List<String> abandoned = new ArrayList<>();
    try (PreparedStatement tables =
        connection.prepareStatement(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                + " AND tablename ~ ?")) {
      tables.setString(1, REPLACEMENT_PATTERN);
      try (ResultSet rows = tables.executeQuery()) {
        while (rows.next()) {
          String table = rows.getString(1);
          String created =
              table.substring(
                  table.indexOf(REPLACEMENT_INFIX) + REPLACEMENT_INFIX.length(),
                  table.lastIndexOf('_'));
          if (Long.parseLong(created) < cutoff) {
            abandoned.add(table);
          }
        }
      }
    }
    try (Statement statement = connection.createStatement()) {
      for (String table : abandoned) {
        statement.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  private static void deleteStaging(Connection connection, String buildId) throws SQLException {
    for (String table : new String[] {FEATURE_STAGING, LABEL_STAGING}) {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM " + table + " WHERE build_id = ?")) {
        delete.setString(1, buildId);
        delete.executeUpdate();
      }
    }
  }

  private static LocalDate toLocalDate(Date date) {
    return date == null ? null : date.toLocalDate();
  }
}
