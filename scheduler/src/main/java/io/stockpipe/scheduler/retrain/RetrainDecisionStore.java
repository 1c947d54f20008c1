package io.stockpipe.scheduler.retrain;

import io.stockpipe.db.Database;
import io.stockpipe.errors.DatabaseUnavailableException;
import io.stockpipe.model.data.DateRange;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** Writes and reads retrain_decision. Thread-safe: it holds nothing but the database. */
final class RetrainDecisionStore {
  private final Database database;

  RetrainDecisionStore(Database database) {
    this.database = database;
  }

  /** Inserts the decision; returns it with its id and time. */
  RetrainDecision record(
      long candidateModelId,
      Long activeModelId,
      DateRange window,
      int judgedDays,
      double candidateRankIc,
      Double activeRankIc,
      double margin,
      boolean promoted,
      String reason) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO retrain_decision (candidate_model_id, active_model_id, window_from,"
                    + " window_to, judged_days, candidate_rank_ic, active_rank_ic, margin,"
                    + " promoted, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " RETURNING id, decided_at")) {
      insert.setLong(1, candidateModelId);
      insert.setObject(2, activeModelId);
      insert.setDate(3, Date.valueOf(window.from()));
      insert.setDate(4, Date.valueOf(window.to()));
      insert.setInt(5, judgedDays);
      insert.setDouble(6, candidateRankIc);
      insert.setObject(7, activeRankIc);
      insert.setDouble(8, margin);
      insert.setBoolean(9, promoted);
      insert.setString(10, reason);
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return new RetrainDecision(
            row.getLong(1),
            row.getObject(2, OffsetDateTime.class),
            candidateModelId,
            activeModelId,
            window,
            judgedDays,
            candidateRankIc,
            activeRankIc,
            margin,
            promoted,
            reason);
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "could not record the retrain decision for model "
              + candidateModelId
              + (promoted ? " (it was promoted)" : "")
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
