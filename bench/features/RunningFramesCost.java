/*
 * Probe behind a figure in bench/results/features-profile.md: the feature plan with the registry's
 * rolling aggregates over sliding frames, as written (FeaturePlan(registry, false)), against the
 * job's plan, over running frames (RunningFrames). 1x, bars in memory, Spark local[2], to the noop
 * sink, 3 rounds each, then the two outputs compared (exceptAll both ways). Needs a database
 * holding price_bar (e.g. after bench/features.sh: STOCKPIPE_HOME=bench/work/features/1x/home
 * STOCKPIPE_DB_PORT=54341 ./stockpipe db start). Not part of the build:
 *
 *   javac -cp "app/target/stockpipe-app.jar:app/target/lib/*" -d /tmp/probe bench/features/RunningFramesCost.java
 *   java [the launcher's --add-opens] -cp "/tmp/probe:app/target/stockpipe-app.jar:app/target/lib/*" \
 *     RunningFramesCost jdbc:postgresql://localhost:54341/stockpipe
 */
import io.stockpipe.features.registry.FeatureRegistry;
import io.stockpipe.features.spark.BarWindow;
import io.stockpipe.features.spark.FeaturePlan;
import io.stockpipe.features.spark.PriceBarReader;
import io.stockpipe.spark.JdbcEndpoint;
import io.stockpipe.spark.SparkSessions;
import io.stockpipe.spark.SparkSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

public final class RunningFramesCost {
  public static void main(String[] args) {
    JdbcEndpoint endpoint = new JdbcEndpoint(args[0], "postgres", "");
    SparkSession spark = SparkSessions.getOrCreate(new SparkSettings("local[2]", 2, 2));
    FeatureRegistry registry = FeatureRegistry.V1;
    Dataset<Row> bars = new PriceBarReader(endpoint, 2)
        .read(spark, new BarWindow(null, null, List.of(), 0, 0))
        .persist(StorageLevel.MEMORY_ONLY());
    System.out.println("bars " + bars.count());
    List<Column> columns = new ArrayList<>(List.of(functions.col("symbol"), functions.col("trade_date")));
    registry.featureNames().forEach(name -> columns.add(functions.col(name)));
    Column[] features = columns.toArray(Column[]::new);
    Dataset<Row> sliding = new FeaturePlan(registry, false).compute(bars).select(features);
    Dataset<Row> running = new FeaturePlan(registry, true).compute(bars).select(features);
    for (int round = 0; round < 3; round++) {
      for (String variant : new String[] {"sliding", "running"}) {
        Dataset<Row> out = variant.equals("sliding") ? sliding : running;
        long start = System.nanoTime();
        out.write().format("noop").mode("overwrite").save();
        System.out.printf(Locale.ROOT, "%-8s round %d %6.2f s%n", variant, round,
            (System.nanoTime() - start) / 1e9);
      }
    }
    System.out.println("rows only in one plan's output: " + sliding.exceptAll(running).count()
        + " / " + running.exceptAll(sliding).count());
    spark.stop();
  }
}
