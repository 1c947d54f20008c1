package io.stockpipe.features.store;

import io.stockpipe.errors.PipelineException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import javax.sql.DataSource;

/**
 * Moves one build's staged rows into feature_row and label_row. The merge is one transaction under
 * an advisory lock, so readers see the old rows or the new ones, two builds never interleave, and
 * running the same build again converges to the same rows.
 */
public final class FeatureStore {
  public static final String FEATURE_STAGING = "feature_row_staging";
  public static final String LABEL_STAGING = "label_row_staging";

  /** Advisory lock key shared by every feature build ('stockpipe.features' hashed). */
  private static final long LOCK_KEY = 0x5f0c_a7e5_0000_0001L;

  private final DataSource dataSource;

  public FeatureStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public MergeResult merge(String buildId, FeatureSetRecord featureSet, WriteScope scope) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        MergeResult result = merge(connection, buildId, featureSet, scope);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PipelineException(
          "could not write features " + featureSet.version() + ": " + e.getMessage(), e);
    }
  }

  private MergeResult merge(
      Connection connection, String buildId, FeatureSetRecord featureSet, WriteScope scope)
      throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, LOCK_KEY);
      lock.execute();
    }
    saveFeatureSet(connection, featureSet);
    Array symbols = connection.createArrayOf("text", scope.symbols().toArray());
    String symbolFilter = scope.symbols().isEmpty() ? "" : " AND symbol = ANY(?)";

    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM feature_row WHERE feature_set_version = ?"
                + (scope.isAll() ? "" : " AND trade_date BETWEEN ? AND ?")
                + symbolFilter)) {
      int parameter = 1;
      delete.setString(parameter++, featureSet.version());
      if (!scope.isAll()) {
        delete.setObject(parameter++, scope.from());
        delete.setObject(parameter++, scope.to());
      }
      if (!scope.symbols().isEmpty()) {
        delete.setArray(parameter, symbols);
      }
      delete.executeUpdate();
    }
    long featureRows;
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO feature_row (feature_set_version, symbol, trade_date, features)"
                + " SELECT ?, symbol, trade_date, features FROM "
                + FEATURE_STAGING
                + " WHERE build_id = ?")) {
      insert.setString(1, featureSet.version());
      insert.setString(2, buildId);
      featureRows = insert.executeUpdate();
    }

    // Labels of a date range: each symbol's staged span, which starts a few rows before `from`
    // (those labels can now see the new bars). A full build replaces every label in scope.
    String deleteLabels =
        scope.isAll()
            ? "DELETE FROM label_row WHERE true" + symbolFilter
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
        delete.setArray(1, symbols);
      }
      delete.executeUpdate();
    }
    long labelRows;
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO label_row (symbol, trade_date, next_return_1d, forward_return_5d)"
                + " SELECT symbol, trade_date, next_return_1d, forward_return_5d FROM "
                + LABEL_STAGING
                + " WHERE build_id = ?")) {
      insert.setString(1, buildId);
      labelRows = insert.executeUpdate();
    }

    MergeResult result;
    try (PreparedStatement span =
        connection.prepareStatement(
            "SELECT count(DISTINCT symbol), min(trade_date), max(trade_date) FROM "
                + FEATURE_STAGING
                + " WHERE build_id = ?")) {
      span.setString(1, buildId);
      try (ResultSet rows = span.executeQuery()) {
        rows.next();
        result =
            new MergeResult(
                featureRows,
                labelRows,
                rows.getLong(1),
                toLocalDate(rows.getDate(2)),
                toLocalDate(rows.getDate(3)));
      }
    }
    deleteStaging(connection, buildId);
    return result;
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

  /** Removes a build's staged rows; for a build that failed before or during its merge. */
  public void discardStaging(String buildId) {
    try (Connection connection = dataSource.getConnection()) {
      deleteStaging(connection, buildId);
    } catch (SQLException e) {
      throw new PipelineException(
          "could not clear staged feature rows of build " + buildId + ": " + e.getMessage(), e);
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
