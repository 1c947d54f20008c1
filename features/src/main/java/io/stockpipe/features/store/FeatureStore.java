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
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * partition of feature_row and label_row's one partition (catalog changes only); it holds a lock
 * while it runs, so that a later build can tell its tables from those of a build that died ({@link
 * ReplacementTables}). Any other build appends to the shared staging tables and replaces just its
 * dates and symbols. Thread-safe: several builds may share one store.
 */
public final class FeatureStore {
  private static final Logger log = LoggerFactory.getLogger(FeatureStore.class);

  public static final String FEATURE_STAGING = "feature_row_staging";
  public static final String LABEL_STAGING = "label_row_staging";

  /** Advisory lock key shared by every feature build ('stockpipe.features' hashed). */
  private static final long LOCK_KEY = 0x5f0c_a7e5_0000_0001L;

  /** How long a full build waits, in all, for readers to let the swap through. */
  public static final Duration SWAP_PATIENCE = Duration.ofMinutes(10);

  private final DataSource dataSource;
  private final PartitionSwap swap;

  /** The open full builds' tables and locks, by build id, until commit or discard. */
  private final Map<String, ReplacementTables> replacements = new ConcurrentHashMap<>();

  public FeatureStore(DataSource dataSource) {
    this(dataSource, SWAP_PATIENCE);
  }

  public FeatureStore(DataSource dataSource, Duration swapPatience) {
    this.dataSource = dataSource;
    this.swap = new PartitionSwap(swapPatience);
  }

  /**
   * Where the build's rows go: fresh replacement tables when the scope is every date and symbol,
   * else the staging tables under the build's id.
   */
  public BuildTarget open(String buildId, String version, WriteScope scope) {
    if (!scope.replacesVersion()) {
      return new BuildTarget(buildId, version, FEATURE_STAGING, LABEL_STAGING, false);
    }
    try {
      ReplacementTables tables = ReplacementTables.create(dataSource, buildId, version);
      replacements.put(buildId, tables);
      return tables.target();
    } catch (SQLException e) {
      throw new PipelineException(
          "could not create the tables for feature set " + version + ": " + e.getMessage(), e);
    }
  }

  /** Makes the build's rows the stored ones: see the class comment. */
  public MergeResult commit(BuildTarget target, FeatureSetRecord featureSet, WriteScope scope) {
    String version = featureSet.version();
    try (Connection connection = dataSource.getConnection()) {
      if (target.replacesAll()) {
        MergeResult swapped = swap.commit(connection, target, featureSet);
        release(target.buildId());
        return swapped;
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

  static void lock(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, LOCK_KEY);
      lock.execute();
    }
  }

  static String ensurePartition(Connection connection, String version) throws SQLException {
    try (PreparedStatement ensure =
        connection.prepareStatement("SELECT ensure_feature_row_partition(?)")) {
      ensure.setString(1, version);
      try (ResultSet rows = ensure.executeQuery()) {
        rows.next();
        return rows.getString(1);
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
  static Span span(Connection connection, String query, String buildId) throws SQLException {
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

  record Span(long rows, long symbols, LocalDate firstDate, LocalDate lastDate) {}

  static String literal(Connection connection, String value) throws SQLException {
    return "'" + connection.unwrap(PGConnection.class).escapeLiteral(value) + "'";
  }

  static void saveFeatureSet(Connection connection, FeatureSetRecord featureSet)
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
        ReplacementTables.drop(statement, target);
      }
    } catch (SQLException e) {
      throw new PipelineException(
          "could not clear staged feature rows of build " + buildId + ": " + e.getMessage(), e);
    } finally {
      release(buildId);
    }
  }

  /**
   * Ends the build's lock: its tables, if any are left, are then free for the next build to drop.
   * Only warns if that fails: the build's outcome stands, and the lock ends with its session.
   */
  private void release(String buildId) {
    ReplacementTables tables = replacements.remove(buildId);
    if (tables == null) {
      return;
    }
    try {
      tables.close();
    } catch (SQLException e) {
      log.warn("could not release the lock of feature build {}: {}", buildId, e.getMessage());
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

  static LocalDate toLocalDate(Date date) {
    return date == null ? null : date.toLocalDate();
  }
}
