package io.stockpipe.ingest.load;

import io.stockpipe.ingest.Reject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads {@link LoadBatch}es on one connection: COPY into the session's staging table, upsert the
 * symbols, then one {@code INSERT … ON CONFLICT DO UPDATE} that only touches rows whose values
 * changed, so a rerun writes nothing. The caller owns the transaction.
 */
public final class PriceBarLoader {
  private static final String UPSERT_SYMBOLS =
      """
      INSERT INTO symbol AS s (ticker, first_date, last_date)
      SELECT symbol, min(trade_date), max(trade_date) FROM price_bar_load GROUP BY symbol
      ON CONFLICT (ticker) DO UPDATE
         SET first_date = least(s.first_date, excluded.first_date),
             last_date = greatest(s.last_date, excluded.last_date),
             updated_at = now()
       WHERE s.first_date IS DISTINCT FROM least(s.first_date, excluded.first_date)
          OR s.last_date IS DISTINCT FROM greatest(s.last_date, excluded.last_date)
      """;
  private static final String UPSERT_BARS =
      """
      INSERT INTO price_bar AS p (symbol, trade_date, open, high, low, close, adj_close, volume,
                                  source, ingest_run_id)
      SELECT symbol, trade_date, open, high, low, close, adj_close, volume, source, ?
        FROM price_bar_load
      ON CONFLICT (symbol, trade_date) DO UPDATE
         SET open = excluded.open, high = excluded.high, low = excluded.low,
             close = excluded.close, adj_close = excluded.adj_close, volume = excluded.volume,
             source = excluded.source, ingested_at = now(), ingest_run_id = excluded.ingest_run_id
       WHERE (p.open, p.high, p.low, p.close, p.adj_close, p.volume)
             IS DISTINCT FROM
             (excluded.open, excluded.high, excluded.low, excluded.close, excluded.adj_close,
              excluded.volume)
      """;
  private static final String INSERT_REJECT =
      "INSERT INTO ingest_reject (run_id, source_file, line_number, symbol, trade_date, rule,"
          + " reason, raw_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String ADD_TO_RUN =
      "UPDATE ingest_run SET files_read = files_read + ?, files_failed = files_failed + ?,"
          + " rows_read = rows_read + ?, rows_loaded = rows_loaded + ?,"
          + " rows_changed = rows_changed + ?, rows_rejected = rows_rejected + ? WHERE id = ?";

  private final Connection connection;
  private final CopyManager copy;

  public PriceBarLoader(Connection connection) throws SQLException {
    this.connection = connection;
    this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    try (Statement statement = connection.createStatement()) {
      // Session scratch with the shape Flyway gave price_bar_staging; no WAL, gone with the
      // session.
      statement.execute(
          "CREATE TEMP TABLE IF NOT EXISTS price_bar_load (LIKE price_bar_staging)"
              + " ON COMMIT DELETE ROWS");
    }
  }

  /** Loads one batch inside the caller's transaction; returns the rows of price_bar changed. */
  public long load(LoadBatch batch, long runId) throws SQLException {
    long changed = 0;
    if (batch.bars() > 0) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("TRUNCATE price_bar_load");
      }
      try {
        copy.copyIn(
            "COPY price_bar_load (" + CopyText.COLUMNS + ") FROM STDIN",
            new ByteArrayInputStream(batch.copyText()));
      } catch (IOException e) {
        throw new SQLException("COPY into the staging table failed: " + e.getMessage(), e);
      }
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate(UPSERT_SYMBOLS);
      }
      try (PreparedStatement upsert = connection.prepareStatement(UPSERT_BARS)) {
        upsert.setLong(1, runId);
        changed = upsert.executeLargeUpdate();
      }
    }
    insertRejects(batch.rejects(), runId);
    try (PreparedStatement add = connection.prepareStatement(ADD_TO_RUN)) {
      add.setLong(1, batch.files());
      add.setLong(2, batch.filesRefused());
      add.setLong(3, batch.rowsRead());
      add.setLong(4, batch.bars());
      add.setLong(5, changed);
      add.setLong(6, batch.rowsRejected());
      add.setLong(7, runId);
      add.executeUpdate();
    }
    return changed;
  }

  /** Records rejects (in the caller's transaction). */
  public void insertRejects(List<Reject> rejects, long runId) throws SQLException {
    if (rejects.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT_REJECT)) {
      for (Reject reject : rejects) {
        insert.setLong(1, runId);
        insert.setString(2, reject.sourceFile());
        if (reject.lineNumber() == null) {
          insert.setNull(3, Types.BIGINT);
        } else {
          insert.setLong(3, reject.lineNumber());
        }
        insert.setString(4, reject.symbol());
        insert.setDate(5, reject.tradeDate() == null ? null : Date.valueOf(reject.tradeDate()));
        insert.setString(6, reject.rule().name());
        insert.setString(7, reject.reason());
        insert.setString(8, reject.rawLine());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
