/*
 * Throwaway probe behind a figure in bench/results/features-profile.md: the SQL window plan against groupByKey + flatMapGroups running the registry's plain-Java reference formulas (-Dempty=true: emitting rows without computing them),
 * at 1x, bars in memory, Spark local[2], to the noop sink. Needs a database holding price_bar
 * (e.g. after bench/features.sh: STOCKPIPE_HOME=bench/work/features/1x/home
 * STOCKPIPE_DB_PORT=54341 ./stockpipe db start). Not part of the build:
 *
 *   javac -cp "app/target/stockpipe-app.jar:app/target/lib/*" -d /tmp/probe bench/features/KernelCost.java
 *   java [the launcher's --add-opens] -cp "/tmp/probe:app/target/stockpipe-app.jar:app/target/lib/*" \
 *     KernelCost jdbc:postgresql://localhost:54341/stockpipe
 */
import io.stockpipe.features.registry.FeatureDefinition;
import io.stockpipe.features.registry.FeatureRegistry;
import io.stockpipe.features.reference.ReferenceSeries;
import io.stockpipe.features.spark.BarWindow;
import io.stockpipe.features.spark.FeaturePlan;
import io.stockpipe.features.spark.PriceBarReader;
import io.stockpipe.spark.JdbcEndpoint;
import io.stockpipe.spark.SparkSessions;
import io.stockpipe.spark.SparkSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/** Throwaway: the registry's plain-Java reference formulas under groupByKey vs the Spark SQL plan. */
public final class KernelCost {
  static final boolean EMPTY = Boolean.getBoolean("empty");
  public static void main(String[] args) {
    JdbcEndpoint endpoint = new JdbcEndpoint(args[0], "postgres", "");
    SparkSession spark = SparkSessions.getOrCreate(new SparkSettings("local[2]", 2, 2));
    FeatureRegistry registry = FeatureRegistry.V1;
    Dataset<Row> bars = new PriceBarReader(endpoint, 2).read(spark,
        new BarWindow(null, null, List.of(), registry.maxWindowRows() - 1, 5)).persist(StorageLevel.MEMORY_ONLY());
    System.out.println("bars " + bars.count());
    StructType schema = new StructType()
        .add("symbol", DataTypes.StringType).add("trade_date", DataTypes.DateType)
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType, true));

    for (int round = 0; round < 2; round++) {
      long start = System.nanoTime();
      new FeaturePlan(registry).compute(bars).write().format("noop").mode("overwrite").save();
      System.out.printf("sql windows      round %d %6.2f s%n", round, (System.nanoTime() - start) / 1e9);
      start = System.nanoTime();
      bars.groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
          .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (symbol, rows) -> {
            List<Row> list = new ArrayList<>();
            rows.forEachRemaining(list::add);
            list.sort(Comparator.comparing(r -> ((java.sql.Date) r.get(1)).toLocalDate()));
            int n = list.size();
            List<LocalDate> dates = new ArrayList<>(n);
            Double[] open = new Double[n], high = new Double[n], low = new Double[n];
            double[] close = new double[n], volume = new double[n];
            for (int i = 0; i < n; i++) {
              Row r = list.get(i);
              dates.add(((java.sql.Date) r.get(1)).toLocalDate());
              open[i] = r.isNullAt(2) ? null : r.getDouble(2);
              high[i] = r.isNullAt(3) ? null : r.getDouble(3);
              low[i] = r.isNullAt(4) ? null : r.getDouble(4);
              close[i] = r.getDouble(5);
              volume[i] = r.getDouble(6);
            }
            ReferenceSeries series = new ReferenceSeries(symbol, dates, open, high, low, close, volume);
            List<Row> out = new ArrayList<>(n);
            for (int t = 0; t < n; t++) {
              List<FeatureDefinition> defs = FeatureRegistry.V1.features();
              Double[] values = new Double[defs.size()];
              for (int f = 0; f < values.length; f++) {
                values[f] = EMPTY ? (Double) close[t] : defs.get(f).reference().at(series, t);
              }
              out.add(RowFactory.create(symbol, list.get(t).get(1), values));
            }
            return out.iterator();
          }, Encoders.row(schema))
          .write().format("noop").mode("overwrite").save();
      System.out.printf("reference kernels round %d %6.2f s%n", round, (System.nanoTime() - start) / 1e9);
    }
    spark.stop();
  }
}
