package io.stockpipe.model.data;

import io.stockpipe.db.Database;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.PipelineException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** Finds the feature_set a model reads. */
public final class FeatureSets {
  private static final String COLUMNS = "version, registry_hash, normalisation, feature_names";

  private final Database database;

  public FeatureSets(Database database) {
    this.database = database;
  }

  /**
   * The named version, or when {@code version} is null the newest one with normalisation {@code
   * none}: the naive baselines read raw returns from the feature vector, which rank or z-score
   * normalisation would have turned into something else.
   */
  public FeatureSetInfo resolve(String version) {
    String sql =
        version == null
            ? "SELECT "
                + COLUMNS
                + " FROM feature_set WHERE normalisation = 'none'"
                + " ORDER BY created_at DESC, version DESC LIMIT 1"
            : "SELECT " + COLUMNS + " FROM feature_set WHERE version = ?";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      if (version != null) {
        query.setString(1, version);
      }
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          throw new BadInputException(
              version == null
                  ? "no feature set with normalisation 'none' in feature_set:"
                      + " run `stockpipe features` first, or name one with --feature-set"
                  : "--feature-set " + version + " does not exist in feature_set");
        }
        Array names = row.getArray(4);
        List<String> featureNames = Arrays.asList((String[]) names.getArray());
        return new FeatureSetInfo(
            row.getString(1), row.getString(2), row.getString(3), featureNames);
      }
    } catch (SQLException e) {
      throw new PipelineException("could not read feature_set: " + e.getMessage(), e);
    }
  }
}
