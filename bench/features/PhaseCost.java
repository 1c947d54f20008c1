import io.stockpipe.features.registry.FeatureDefinition;
import io.stockpipe.features.registry.FeatureRegistry;
import io.stockpipe.features.spark.BarWindow;
import io.stockpipe.features.spark.FeaturePlan;
import io.stockpipe.features.spark.PriceBarReader;
import io.stockpipe.features.spark.StagingWriter;
import io.stockpipe.spark.JdbcEndpoint;
import io.stockpipe.spark.SparkSessions;
import io.stockpipe.spark.SparkSettings;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The parts of a full feature build timed one by one (bench/results/features-profile.md): Spark's
 * start, reading price_bar, computing all features (and the EMA-based ones and the rest apart) to
 * Spark's noop sink, and writing the feature rows to staging. Needs a database that holds
 * price_bar (e.g. after bench/ingest.sh: `STOCKPIPE_HOME=bench/work/ingest/home
 * STOCKPIPE_DB_PORT=54339 ./stockpipe db start`); its staged rows are left under build_id
 * 'phase-cost' (delete them after).
 *
 * <pre>
 * javac -cp "app/target/stockpipe-app.jar:app/target/lib/*" -d /tmp/phase bench/features/PhaseCost.java
 * java [the launcher's --add-opens] -cp "/tmp/phase:app/target/stockpipe-app.jar:app/target/lib/*" \
 *   PhaseCost jdbc:postgresql://localhost:54339/stockpipe
 * </pre>
 */
public final class PhaseCost {
  public static void main(String[] args) {
    JdbcEndpoint endpoint = new JdbcEndpoint(args[0], "postgres", "");
    long start = System.nanoTime();
    SparkSession spark = SparkSessions.getOrCreate(new SparkSettings("local[2]", 2, 2));
    report("Spark session start", start);
    FeatureRegistry registry = FeatureRegistry.V1;
    BarWindow all = new BarWindow(null, null, List.of(), registry.maxWindowRows() - 1, 5);

    start = System.nanoTime();
    Dataset<Row> bars =
        new PriceBarReader(endpoint, 2).read(spark, all).persist(StorageLevel.MEMORY_ONLY());
    long rows = bars.count();
    report("read " + rows + " bars into memory", start);

    FeaturePlan plan = new FeaturePlan(registry);
    computeToNoop("compute all features, first run", plan, bars);
    computeToNoop("compute all features, JIT warm", plan, bars);
    for (boolean ema : new boolean[] {true, false}) {
      List<FeatureDefinition> subset =
          registry.features().stream()
              .filter(feature -> feature.sql().contains("collect_list") == ema)
              .toList();
      computeToNoop(
          "compute the " + subset.size() + (ema ? " EMA-based features" : " other features"),
          new FeaturePlan(new FeatureRegistry("subset", registry.series(), subset)),
          bars);
    }

    Dataset<Row> computed = plan.compute(bars).persist(StorageLevel.MEMORY_ONLY());
    computed.count();
    start = System.nanoTime();
    new StagingWriter(endpoint)
        .append(
            computed.select(
                functions.lit("phase-cost").as("build_id"),
                functions.col("symbol"),
                functions.col("trade_date"),
                plan.featureArray()),
            "feature_row_staging");
    report("write the feature rows to staging", start);
    spark.stop();
  }

  private static void computeToNoop(String what, FeaturePlan plan, Dataset<Row> bars) {
    long start = System.nanoTime();
    plan.compute(bars).write().format("noop").mode("overwrite").save();
    report(what, start);
  }

  private static void report(String what, long startNanos) {
    System.out.printf("%-45s %6.2f s%n", what, (System.nanoTime() - startNanos) / 1e9);
  }
}
