package io.stockpipe.features;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.TestDatabase;
import io.stockpipe.features.reference.ReferenceSeries;
import io.stockpipe.features.registry.FeatureRegistry;
import io.stockpipe.features.spark.BarWindow;
import io.stockpipe.features.spark.FeaturePlan;
import io.stockpipe.features.spark.PriceBarReader;
import io.stockpipe.progress.Progress;
import io.stockpipe.spark.JdbcEndpoint;
import io.stockpipe.spark.SparkSessions;
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
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

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
  private final FeatureRegistry registry;

  /** Builds {@link FeatureRegistry#DEFAULT}. */
  FeatureFixture(Database database) {
    this(database, FeatureRegistry.DEFAULT);
  }

  FeatureFixture(Database database, FeatureRegistry registry) {
    this.database = database;
    this.registry = registry;
  }

  FeatureRegistry registry() {
    return registry;
  }

  FeatureService service() {
    return new FeatureService(
        database.dataSource(), new JdbcEndpoint(TestDatabase.jdbcUrl(), "postgres", ""), registry);
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

  /**
   * The equal-weight market return of every date, computed here from every symbol's closes as
   * {@code MarketReturn} defines it: each symbol's close / previous close - 1, summed in symbol
   * order, divided by how many there were.
   */
  Map<LocalDate, Double> marketReturns() {
    Map<LocalDate, double[]> sums = new TreeMap<>();
    String[] previousSymbol = {null};
    double[] previousClose = {0};
    query(
        "SELECT symbol, trade_date, close::float8 FROM price_bar"
            + " ORDER BY symbol COLLATE \"C\", trade_date",
        rows -> {
          String symbol = rows.getString(1);
          double close = rows.getDouble(3);
          if (symbol.equals(previousSymbol[0]) && previousClose[0] != 0) {
            double[] sum =
                sums.computeIfAbsent(rows.getObject(2, LocalDate.class), d -> new double[2]);
            sum[0] += close / previousClose[0] - 1;
            sum[1]++;
          }
          previousSymbol[0] = symbol;
          previousClose[0] = close;
        });
    Map<LocalDate, Double> market = new TreeMap<>();
    sums.forEach((date, sum) -> market.put(date, sum[0] / sum[1]));
    return market;
  }

  /** One symbol's bars as the reference implementation sees them, market return included. */
  ReferenceSeries series(String symbol) {
    return series(symbol, marketReturns());
  }

  /** One symbol's bars as the reference implementation sees them (float8, like Spark's read). */
  ReferenceSeries series(String symbol, Map<LocalDate, Double> marketReturns) {
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
    Double[] market = new Double[size];
    for (int row = 0; row < size; row++) {
      market[row] = marketReturns.get(dates.get(row));
      open[row] = values.get(row)[0];
      high[row] = values.get(row)[1];
      low[row] = values.get(row)[2];
      close[row] = values.get(row)[3];
      volume[row] = values.get(row)[4];
    }
    return new ReferenceSeries(symbol, dates, open, high, low, close, volume, market);
  }

  /** What {@link #comparePlans} found: non-null values compared, and the first differences. */
  record PlanComparison(long nonNullValues, List<String> differences) {}

  /** {@link #comparePlans(FeatureRegistry)} of the fixture's registry. */
  PlanComparison comparePlans() {
    return comparePlans(registry);
  }

  /**
   * Every stored bar through both plans of {@code registry}, rolling aggregates over running frames
   * (as the job runs them) and as the registry writes them (sliding frames): every feature must be
   * the same double to the bit, NULL where the other is NULL.
   */
  PlanComparison comparePlans(FeatureRegistry registry) {
    SparkSession spark = SparkSessions.getOrCreate(SPARK);
    Dataset<Row> bars =
        new PriceBarReader(new JdbcEndpoint(TestDatabase.jdbcUrl(), "postgres", ""), 2)
            .readFor(spark, new BarWindow(null, null, List.of(), 0, 0), registry)
            .cache();
    List<String> names = registry.featureNames();
    List<Row> running = featureRows(new FeaturePlan(registry, true), bars, names);
    List<Row> sliding = featureRows(new FeaturePlan(registry, false), bars, names);
    bars.unpersist();
    if (running.size() != sliding.size()) {
      return new PlanComparison(0, List.of(running.size() + " rows against " + sliding.size()));
    }
    long nonNull = 0;
    List<String> differences = new ArrayList<>();
    for (int row = 0; row < running.size(); row++) {
      Row fast = running.get(row);
      Row slow = sliding.get(row);
      for (int i = 0; i < names.size(); i++) {
        Object a = fast.get(i + 2);
        Object b = slow.get(i + 2);
        nonNull += a == null ? 0 : 1;
        // Double.equals compares the bits (0.0 and -0.0 differ, NaN equals NaN)
        if (!fast.get(0).equals(slow.get(0))
            || !fast.get(1).equals(slow.get(1))
            || !Objects.equals(a, b)) {
          differences.add(
              fast.get(0) + " " + fast.get(1) + " " + names.get(i) + ": " + a + " against " + b);
        }
      }
    }
    return new PlanComparison(nonNull, differences.subList(0, Math.min(20, differences.size())));
  }

  private static List<Row> featureRows(FeaturePlan plan, Dataset<Row> bars, List<String> names) {
    List<Column> columns =
        new ArrayList<>(List.of(functions.col("symbol"), functions.col("trade_date")));
    names.forEach(name -> columns.add(functions.col(name)));
    return plan.compute(bars)
        .select(columns.toArray(Column[]::new))
        .orderBy("symbol", "trade_date")
        .collectAsList();
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
