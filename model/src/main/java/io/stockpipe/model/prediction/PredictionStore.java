package io.stockpipe.model.prediction;

import io.stockpipe.db.Database;
import io.stockpipe.errors.PipelineException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes prediction rows: an upsert on (model, symbol, as-of date) in one transaction, so that a
 * rerun converges to the same rows and a failure leaves the table as it was.
 */
public final class PredictionStore {
  private static final int CHUNK = 20_000;

  private static final String UPSERT =
      "INSERT INTO prediction (model_id, symbol, as_of_date, target_date, predicted_return,"
          + " predicted_direction, probability_up, score, cross_sectional_rank, symbols_ranked)"
          + " SELECT ?, * FROM unnest(?::text[], ?::date[], ?::date[], ?::float8[], ?::int2[],"
          + " ?::float8[], ?::float8[], ?::int4[], ?::int4[])"
          + " ON CONFLICT (model_id, symbol, as_of_date) DO UPDATE SET"
          + " target_date = EXCLUDED.target_date, predicted_return = EXCLUDED.predicted_return,"
          + " predicted_direction = EXCLUDED.predicted_direction,"
          + " probability_up = EXCLUDED.probability_up, score = EXCLUDED.score,"
          + " cross_sectional_rank = EXCLUDED.cross_sectional_rank,"
          + " symbols_ranked = EXCLUDED.symbols_ranked, created_at = now()";

  private final Database database;

  public PredictionStore(Database database) {
    this.database = database;
  }

  /** Stores rows that may come from several models (a walk-forward run). */
  public void upsert(List<PredictionRow> rows) {
    try {
      database.inTransaction(
          connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
              int from = 0;
              while (from < rows.size()) {
                long modelId = rows.get(from).modelId();
                int to = from;
                while (to < rows.size() && to - from < CHUNK && rows.get(to).modelId() == modelId) {
                  to++;
                }
                bind(connection, upsert, modelId, rows.subList(from, to));
                upsert.executeUpdate();
                from = to;
              }
            }
          });
    } catch (SQLException e) {
      throw new PipelineException("could not store predictions: " + e.getMessage(), e);
    }
  }

  private static void bind(
      Connection connection, PreparedStatement upsert, long modelId, List<PredictionRow> rows)
      throws SQLException {
    int n = rows.size();
    Object[] symbols = new Object[n];
    Object[] asOf = new Object[n];
    Object[] target = new Object[n];
    Object[] returns = new Object[n];
    Object[] directions = new Object[n];
    Object[] probabilities = new Object[n];
    Object[] scores = new Object[n];
    Object[] ranks = new Object[n];
    Object[] ranked = new Object[n];
    for (int i = 0; i < n; i++) {
      PredictionRow row = rows.get(i);
      symbols[i] = row.symbol();
      asOf[i] = java.sql.Date.valueOf(row.asOfDate());
      target[i] = java.sql.Date.valueOf(row.targetDate());
      returns[i] = row.predictedReturn();
      directions[i] = (short) row.direction();
      probabilities[i] = row.probabilityUp();
      scores[i] = row.score();
      ranks[i] = row.rank();
      ranked[i] = row.symbolsRanked();
    }
    int p = 1;
    upsert.setLong(p++, modelId);
    upsert.setArray(p++, connection.createArrayOf("text", symbols));
    upsert.setArray(p++, connection.createArrayOf("date", asOf));
    upsert.setArray(p++, connection.createArrayOf("date", target));
    upsert.setArray(p++, connection.createArrayOf("float8", returns));
    upsert.setArray(p++, connection.createArrayOf("int2", directions));
    upsert.setArray(p++, connection.createArrayOf("float8", probabilities));
    upsert.setArray(p++, connection.createArrayOf("float8", scores));
    upsert.setArray(p++, connection.createArrayOf("int4", ranks));
    upsert.setArray(p, connection.createArrayOf("int4", ranked));
  }
}
