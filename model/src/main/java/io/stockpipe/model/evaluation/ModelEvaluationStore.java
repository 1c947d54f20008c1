package io.stockpipe.model.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockpipe.db.Database;
import io.stockpipe.errors.PipelineException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;

/**
 * Writes model_evaluation. A rerun of the same model on the same feature set, label and ranges
 * replaces its rows (upsert on the unique key, then removal of metrics the run no longer reports),
 * in one transaction, so readers see either the old or the new result and never a mix.
 */
public final class ModelEvaluationStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String UPSERT =
      "INSERT INTO model_evaluation (model_name, model_kind, feature_set_version, label,"
          + " train_from, train_to, test_from, test_to, metric, value, details, evaluated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, now())"
          + " ON CONFLICT (model_name, feature_set_version, label, train_from, train_to, test_from,"
          + " test_to, metric) DO UPDATE SET model_kind = EXCLUDED.model_kind,"
          + " value = EXCLUDED.value, details = EXCLUDED.details,"
          + " evaluated_at = EXCLUDED.evaluated_at";

  private static final String DELETE_OTHER_METRICS =
      "DELETE FROM model_evaluation WHERE model_name = ? AND feature_set_version = ?"
          + " AND label = ? AND train_from = ? AND train_to = ? AND test_from = ? AND test_to = ?"
          + " AND NOT (metric = ANY (?))";

  private final Database database;

  public ModelEvaluationStore(Database database) {
    this.database = database;
  }

  public void replace(ModelEvaluation evaluation) {
    String details = toJson(evaluation);
    try {
      database.inTransaction(
          connection -> {
            upsert(connection, evaluation, details);
            deleteOtherMetrics(connection, evaluation);
          });
    } catch (SQLException e) {
      throw new PipelineException(
          "could not store the evaluation of "
              + evaluation.modelName()
              + " (tested on "
              + evaluation.test()
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private static void upsert(Connection connection, ModelEvaluation evaluation, String details)
      throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      for (Map.Entry<Metric, Double> metric : evaluation.metrics().entrySet()) {
        int parameter = bindKey(upsert, evaluation);
        upsert.setString(parameter++, metric.getKey().key());
        if (metric.getValue() == null) {
          upsert.setNull(parameter++, Types.DOUBLE);
        } else {
          upsert.setDouble(parameter++, metric.getValue());
        }
        upsert.setString(parameter, details);
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  private static void deleteOtherMetrics(Connection connection, ModelEvaluation evaluation)
      throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(DELETE_OTHER_METRICS)) {
      int parameter = 1;
      delete.setString(parameter++, evaluation.modelName());
      delete.setString(parameter++, evaluation.featureSetVersion());
      delete.setString(parameter++, evaluation.label().column());
      parameter = bindRanges(delete, evaluation, parameter);
      String[] kept =
          evaluation.metrics().keySet().stream().map(Metric::key).toArray(String[]::new);
      delete.setArray(parameter, connection.createArrayOf("text", kept));
      delete.executeUpdate();
    }
  }

  /** Binds the columns before metric; returns the next parameter index. */
  private static int bindKey(PreparedStatement statement, ModelEvaluation evaluation)
      throws SQLException {
    int parameter = 1;
    statement.setString(parameter++, evaluation.modelName());
    statement.setString(parameter++, evaluation.kind().key());
    statement.setString(parameter++, evaluation.featureSetVersion());
    statement.setString(parameter++, evaluation.label().column());
    return bindRanges(statement, evaluation, parameter);
  }

  private static int bindRanges(
      PreparedStatement statement, ModelEvaluation evaluation, int firstParameter)
      throws SQLException {
    int parameter = firstParameter;
    statement.setDate(parameter++, Date.valueOf(evaluation.training().from()));
    statement.setDate(parameter++, Date.valueOf(evaluation.training().to()));
    statement.setDate(parameter++, Date.valueOf(evaluation.test().from()));
    statement.setDate(parameter++, Date.valueOf(evaluation.test().to()));
    return parameter;
  }

  private static String toJson(ModelEvaluation evaluation) {
    try {
      return JSON.writeValueAsString(evaluation.details());
    } catch (JsonProcessingException e) {
      throw new PipelineException(
          "details of " + evaluation.modelName() + " cannot be written as JSON: " + e.getMessage(),
          e);
    }
  }
}
