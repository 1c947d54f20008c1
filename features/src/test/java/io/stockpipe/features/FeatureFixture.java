package io.stockpipe.features;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.TestDatabase;
import io.stockpipe.features.reference.ReferenceSeries;
import io.stockpipe.progress.Progress;
import io.stockpipe.spark.JdbcEndpoint;
import io.stockpipe.spark.SparkSettings;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts bars into the test database, runs the feature job on Spark {@code local[2]}, and reads back
 * what it wrote.
 */
final class FeatureFixture {
  /** Two cores, few partitions: the test machine's size, and little scheduling overhead. */
  static final SparkSettings SPARK = new SparkSettings("local[2]", 2, 2);

  /** A stored row's key. */
  record Key(String symbol, LocalDate date) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int bySymbol = symbol.compareTo(other.symbol);
      return bySymbol != 0 ? bySymbol : date.compareTo(other.date);
    }
  }

  private final Database database;

  FeatureFixture(Database database) {
    this.database = database;
  }

  FeatureService service() {
    return new FeatureService(
        database.dataSource(), new JdbcEndpoint(TestDatabase.jdbcUrl(), "postgres", ""));
  }

  FeatureSummary build(FeatureRequest request) {
    return service().build(request.withSpark(SPARK), Progress.silent());
  }

  String rawVersion() {
    return service().featureSetVersion(Normalisation.NONE);
  }

  void insert(Collection<SyntheticBars.Bar> bars) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement symbol =
            connection.prepareStatement(
                "INSERT INTO symbol (ticker) VALUES (?) ON CONFLICT DO NOTHING");
        PreparedStatement bar =
            connection.prepareStatement(
                "INSERT INTO price_bar (symbol, trade_date, open, high, low, close, volume, source)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, 'test')")) {
      for (String ticker : bars.stream().map(SyntheticBars.Bar::symbol).distinct().toList()) {
        symbol.setString(1, ticker);
        symbol.executeUpdate();
      }
      for (SyntheticBars.Bar each : bars) {
        bar.setString(1, each.symbol());
        bar.setObject(2, each.date());
        bar.setBigDecimal(3, each.open());
        bar.setBigDecimal(4, each.high());
        bar.setBigDecimal(5, each.low());
        bar.setBigDecimal(6, each.close());
        bar.setLong(7, each.volume());
        bar.addBatch();
      }
      bar.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void execute(String sql) {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  long count(String sql) {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  List<String> symbols() {
    List<String> symbols = new ArrayList<>();
    query(
        "SELECT DISTINCT symbol FROM price_bar ORDER BY 1", rows -> symbols.add(rows.getString(1)));
    return symbols;
  }

  /** Feature arrays of one version by (symbol, date). */
  Map<Key, Double[]> features(String version) {
    Map<Key, Double[]> features = new TreeMap<>();
    query(
        "SELECT symbol, trade_date, features FROM feature_row WHERE feature_set_version = '"
            + version
            + "'",
        rows ->
            features.put(
                new Key(rows.getString(1), rows.getObject(2, LocalDate.class)),
                doubles(rows.getArray(3))));
    return features;
  }

  /** [next_return_1d, forward_return_5d] by (symbol, date). */
  Map<Key, Double[]> labels() {
    Map<Key, Double[]> labels = new TreeMap<>();
    query(
        "SELECT symbol, trade_date, next_return_1d, forward_return_5d FROM label_row",
        rows ->
            labels.put(
                new Key(rows.getString(1), rows.getObject(2, LocalDate.class)),
                new Double[] {rows.getObject(3, Double.class), rows.getObject(4, Double.class)}));
    return labels;
  }

  /** One symbol's bars as the reference implementation sees them (float8, like Spark's read). */
  ReferenceSeries series(String symbol) {
    List<LocalDate> dates = new ArrayList<>();
    List<Double[]> values = new ArrayList<>();
    query(
        "SELECT trade_date, open::float8, high::float8, low::float8, close::float8,"
            + " volume::float8 FROM price_bar WHERE symbol = '"
            + symbol
            + "' ORDER BY trade_date",
        rows -> {
          dates.add(rows.getObject(1, LocalDate.class));
          values.add(
              new Double[] {
                rows.getObject(2, Double.class),
                rows.getObject(3, Double.class),
                rows.getObject(4, Double.class),
                rows.getDouble(5),
                rows.getDouble(6)
              });
        });
    int size = dates.size();
    Double[] open = new Double[size];
    Double[] high = new Double[size];
    Double[] low = new Double[size];
    double[] close = new double[size];
    double[] volume = new double[size];
    for (int row = 0; row < size; row++) {
      open[row] = values.get(row)[0];
      high[row] = values.get(row)[1];
      low[row] = values.get(row)[2];
      close[row] = values.get(row)[3];
      volume[row] = values.get(row)[4];
    }
    return new ReferenceSeries(symbol, dates, open, high, low, close, volume);
  }

  private static Double[] doubles(Array array) throws SQLException {
    Object[] elements = (Object[]) array.getArray();
    Double[] values = new Double[elements.length];
    for (int i = 0; i < elements.length; i++) {
      values[i] = elements[i] == null ? null : ((Number) elements[i]).doubleValue();
    }
    return values;
  }

  private interface RowHandler {
    void accept(ResultSet rows) throws SQLException;
  }

  private void query(String sql, RowHandler handler) {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        handler.accept(rows);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
