package io.stockpipe.ingest.load;

import io.stockpipe.ingest.Reject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@link LoadBatch}es on one connection, inside the caller's transaction.
 *
 * <p>A batch holds transaction-level advisory locks on its symbols (hashed into 1,024 buckets,
 * taken in order, so two writers never deadlock), so no other writer touches its symbols until it
 * commits. Readers are never blocked. That makes two cheap paths safe:
 *
 * <ul>
 *   <li>none of the batch's symbols has bars yet (a backfill): COPY straight into price_bar, as
 *       fast as PostgreSQL's own {@code \copy};
 *   <li>otherwise: COPY into the session's staging table, then {@code INSERT … ON CONFLICT DO
 *       UPDATE} that only touches bars whose values differ, so a rerun writes nothing.
 * </ul>
 *
 * The first path matters: on the shared data's 558k bars the upsert measured 50% slower than a
 * plain insert.
 */
public final class PriceBarLoader {
  private static final Logger log = LoggerFactory.getLogger(PriceBarLoader.class);
  private static final int SYMBOL_LOCK_NAMESPACE = 0x5354_4b51; // "STKQ"
  private static final int SYMBOL_LOCK_BUCKETS = 1024;

  private static final String UPSERT_SYMBOL =
      """
      INSERT INTO symbol AS s (ticker, first_date, last_date) VALUES (?, ?, ?)
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
      SELECT symbol, trade_date, open, high, low, close, adj_close, volume, source, ingest_run_id
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
  private boolean stagingCreated;

  public PriceBarLoader(Connection connection) throws SQLException {
    this.connection = connection;
    this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
  }

  /** Loads one batch inside the caller's transaction; returns the rows of price_bar changed. */
  public long load(LoadBatch batch, long runId) throws SQLException {
    long changed = 0;
    long startNanos = System.nanoTime();
    boolean direct = false;
    if (batch.bars() > 0) {
      lockSymbols(batch.symbolDates().keySet());
      boolean known = anyKnown(batch.symbolDates().keySet().toArray(String[]::new));
      upsertSymbols(batch.symbolDates());
      direct = !known && copyDirect(batch.copyText());
      if (direct) {
        changed = batch.bars();
      } else {
        changed = copyStagedAndUpsert(batch.copyText());
      }
    }
    insertRejects(batch.rejects(), runId);
    addToRun(batch, changed, runId);
    log.debug(
        "batch of {} bars ({}): {} changed in {} ms",
        batch.bars(),
        direct ? "direct COPY" : "staged",
        changed,
        (System.nanoTime() - startNanos) / 1_000_000);
    return changed;
  }

  private void lockSymbols(Set<String> symbols) throws SQLException {
    Integer[] buckets =
        symbols.stream()
            .map(symbol -> Math.floorMod(symbol.hashCode(), SYMBOL_LOCK_BUCKETS))
            .distinct()
            .sorted()
            .toArray(Integer[]::new);
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT count(pg_advisory_xact_lock(?, bucket))"
                + " FROM (SELECT bucket FROM unnest(?::int[]) AS bucket ORDER BY bucket) ordered")) {
      lock.setInt(1, SYMBOL_LOCK_NAMESPACE);
      lock.setArray(2, connection.createArrayOf("int4", buckets));
      lock.execute();
    }
  }

  private void upsertSymbols(Map<String, LoadBatch.DateRange> symbolDates) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT_SYMBOL)) {
      for (Map.Entry<String, LoadBatch.DateRange> entry : symbolDates.entrySet()) {
        upsert.setString(1, entry.getKey());
        upsert.setDate(2, Date.valueOf(entry.getValue().first()));
        upsert.setDate(3, Date.valueOf(entry.getValue().last()));
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  /**
   * Whether any of the symbols has been loaded before, asked of the small symbol table: ingest
   * writes a symbol's row in the same transaction as its first bars. (Asking price_bar with a
   * prepared {@code symbol = ANY(?)} got a sequential-scan generic plan once the table was large,
   * which made a 5.6M-bar load quadratic.)
   */
  private boolean anyKnown(String[] symbols) throws SQLException {
    try (PreparedStatement exists =
        connection.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM symbol WHERE ticker = ANY (?))")) {
      exists.setArray(1, connection.createArrayOf("text", symbols));
      try (ResultSet rows = exists.executeQuery()) {
        rows.next();
        return rows.getBoolean(1);
      }
    }
  }

  /**
   * COPY straight into price_bar. Should bars exist for a symbol the symbol table does not know
   * (someone deleted its row), the unique key refuses the COPY; then the batch goes the staged way.
   */
  private boolean copyDirect(byte[] copyText) throws SQLException {
    Savepoint beforeCopy = connection.setSavepoint();
    try {
      copyIn("price_bar", copyText);
      connection.releaseSavepoint(beforeCopy);
      return true;
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
      connection.rollback(beforeCopy);
      return false;
    }
  }

  private long copyStagedAndUpsert(byte[] copyText) throws SQLException {
    if (!stagingCreated) {
      // Session scratch with the shape Flyway gave price_bar_staging: no WAL, no bloat.
      execute(
          "CREATE TEMP TABLE IF NOT EXISTS price_bar_load (LIKE price_bar_staging)"
              + " ON COMMIT DELETE ROWS");
      stagingCreated = true;
    }
    execute("TRUNCATE price_bar_load");
    copyIn("price_bar_load", copyText);
    try (Statement statement = connection.createStatement()) {
      return statement.executeLargeUpdate(UPSERT_BARS);
    }
  }

  private void copyIn(String table, byte[] copyText) throws SQLException {
    try {
      copy.copyIn(
          "COPY " + table + " (" + CopyText.COLUMNS + ") FROM STDIN",
          new ByteArrayInputStream(copyText));
    } catch (IOException e) {
      throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
    }
  }

  private void addToRun(LoadBatch batch, long changed, long runId) throws SQLException {
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
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
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
