package io.stockpipe.model.samples;

import io.stockpipe.db.Database;
import io.stockpipe.errors.PipelineException;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.FeatureSetInfo;
import io.stockpipe.model.data.Label;
import io.stockpipe.progress.Progress;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.postgresql.PGStatement;

/**
 * Reads feature_row with its label into a {@link FeatureHistory}, streamed in one query. Plain JDBC
 * rather than Spark: the rows fit in memory as floats (35 features × 600k rows is 84 MB), and a
 * single ordered stream costs less than a Spark job's fixed start.
 */
public final class FeatureHistoryReader {
  private static final int FETCH_ROWS = 10_000;

  private final Database database;

  public FeatureHistoryReader(Database database) {
    this.database = database;
  }

  /**
   * Rows of {@code featureSet} dated within {@code range}, plus up to {@code lookBackRows} earlier
   * rows per symbol so that a CNN window ending on {@code range.from()} is whole.
   *
   * @param symbols only these symbols, or all when empty
   */
  public FeatureHistory read(
      FeatureSetInfo featureSet,
      Label label,
      DateRange range,
      int lookBackRows,
      List<String> symbols,
      Progress progress) {
    // Trading rows are at most 5 of every 7 days, and symbols have gaps: twice the calendar span
    // plus a fortnight holds the look-back rows; the rows before the window are simply unused.
    Date from =
        Date.valueOf(range.from().minusDays(lookBackRows <= 1 ? 0 : lookBackRows * 2L + 14));
    String sql =
        "SELECT f.symbol, f.trade_date, f.features, l."
            + label.column()
            + " FROM feature_row f LEFT JOIN label_row l"
            + " ON l.symbol = f.symbol AND l.trade_date = f.trade_date"
            + " WHERE f.feature_set_version = ? AND f.trade_date BETWEEN ? AND ?"
            + (symbols.isEmpty() ? "" : " AND f.symbol = ANY (?)")
            + " ORDER BY f.symbol, f.trade_date";
    int featureCount = featureSet.featureNames().size();
    Rows rows = new Rows(featureCount);
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement query = connection.prepareStatement(sql)) {
        // A server-prepared statement from the first run, so that the float8[] arrays come in
        // binary rather than as text to parse: pgjdbc prepares only from the 5th run by default.
        query.unwrap(PGStatement.class).setPrepareThreshold(-1);
        query.setFetchSize(FETCH_ROWS);
        query.setString(1, featureSet.version());
        query.setDate(2, from);
        query.setDate(3, Date.valueOf(range.to()));
        if (!symbols.isEmpty()) {
          query.setArray(4, connection.createArrayOf("text", symbols.toArray()));
        }
        try (ResultSet result = query.executeQuery()) {
          while (result.next()) {
            rows.add(result, featureSet);
            if (rows.count % FETCH_ROWS == 0) {
              progress.advance(0, FETCH_ROWS);
            }
          }
        }
      } finally {
        connection.commit();
      }
    } catch (SQLException e) {
      throw new PipelineException(
          "could not read feature_row for " + featureSet.version() + ": " + e.getMessage(), e);
    }
    progress.advance(0, rows.count % FETCH_ROWS);
    return rows.toHistory();
  }

  /** Growing column arrays. */
  private static final class Rows {
    private final int featureCount;
    private final List<String> symbols = new ArrayList<>();
    private int[] epochDays = new int[1 << 16];
    private float[] features;
    private float[] labels = new float[1 << 16];
    private int count;

    Rows(int featureCount) {
      this.featureCount = featureCount;
      this.features = new float[(1 << 16) * featureCount];
    }

    void add(ResultSet result, FeatureSetInfo featureSet) throws SQLException {
      if (count == labels.length) {
        int capacity = count * 2;
        epochDays = Arrays.copyOf(epochDays, capacity);
        labels = Arrays.copyOf(labels, capacity);
        features = Arrays.copyOf(features, capacity * featureCount);
      }
      String symbol = result.getString(1);
      // Interned per symbol run: thousands of rows share one String.
      symbols.add(
          count > 0 && symbols.get(count - 1).equals(symbol) ? symbols.get(count - 1) : symbol);
      epochDays[count] = (int) result.getDate(2).toLocalDate().toEpochDay();
      Array array = result.getArray(3);
      Object[] values = (Object[]) array.getArray();
      if (values.length != featureCount) {
        throw new PipelineException(
            "feature_row "
                + symbol
                + " "
                + result.getDate(2)
                + " has "
                + values.length
                + " features but feature set "
                + featureSet.version()
                + " lists "
                + featureCount
                + ": rebuild the feature set");
      }
      int offset = count * featureCount;
      for (int i = 0; i < featureCount; i++) {
        features[offset + i] = values[i] == null ? Float.NaN : ((Number) values[i]).floatValue();
      }
      double label = result.getDouble(4);
      labels[count] = result.wasNull() ? Float.NaN : (float) label;
      count++;
    }

    FeatureHistory toHistory() {
      return new FeatureHistory(
          symbols.toArray(String[]::new),
          Arrays.copyOf(epochDays, count),
          Arrays.copyOf(features, count * featureCount),
          Arrays.copyOf(labels, count),
          featureCount);
    }
  }
}
