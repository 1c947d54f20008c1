/*
 * Throwaway probe behind a figure in bench/results/features-profile.md: the 5 truncated EMAs as collect_list + aggregate (the product) against a typed Aggregator window function (the lever of commit 676aff7, reverted),
 * at 1x, bars in memory, Spark local[2], to the noop sink. Needs a database holding price_bar
 * (e.g. after bench/features.sh: STOCKPIPE_HOME=bench/work/features/1x/home
 * STOCKPIPE_DB_PORT=54341 ./stockpipe db start). Not part of the build:
 *
 *   javac -cp "app/target/stockpipe-app.jar:app/target/lib/*" -d /tmp/probe bench/features/UdafCost.java
 *   java [the launcher's --add-opens] -cp "/tmp/probe:app/target/stockpipe-app.jar:app/target/lib/*" \
 *     UdafCost jdbc:postgresql://localhost:54341/stockpipe
 */
import io.stockpipe.features.registry.Ema;
import io.stockpipe.features.registry.Sql;
import io.stockpipe.features.spark.BarWindow;
import io.stockpipe.features.spark.PriceBarReader;
import io.stockpipe.spark.JdbcEndpoint;
import io.stockpipe.spark.SparkSessions;
import io.stockpipe.spark.SparkSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

public final class UdafCost {
  /** Horner fold in frame order, from 0: acc = acc * decay + x; NULL input -> count short. */
  public static final class Acc implements java.io.Serializable {
    private double sum; private int count;
    public double getSum() { return sum; } public void setSum(double v) { sum = v; }
    public int getCount() { return count; } public void setCount(int v) { count = v; }
  }
  public static final class Fold extends Aggregator<Double, Acc, Double> {
    private final double decay;
    private final int rows;
    private final double scale;
    public Fold(double alpha) {
      this.decay = 1 - alpha;
      this.rows = Ema.rows(alpha);
      double sum = 0;
      for (int k = 0; k < rows; k++) sum += Math.pow(1 - alpha, k);
      this.scale = 1 / sum;
    }
    @Override public Acc zero() { return new Acc(); }
    @Override public Acc reduce(Acc b, Double x) {
      if (x != null) { b.sum = b.sum * decay + x; b.count += 1; }
      return b;
    }
    @Override public Acc merge(Acc a, Acc b) { throw new UnsupportedOperationException(); }
    @Override public Double finish(Acc b) { return b.count == rows ? b.sum * scale : null; }
    @Override public Encoder<Acc> bufferEncoder() { return Encoders.bean(Acc.class); }
    @Override public Encoder<Double> outputEncoder() { return Encoders.DOUBLE(); }
  }

  public static void main(String[] args) {
    JdbcEndpoint endpoint = new JdbcEndpoint(args[0], "postgres", "");
    SparkSession spark = SparkSessions.getOrCreate(new SparkSettings("local[2]", 2, 2));
    Dataset<Row> bars = new PriceBarReader(endpoint, 2).read(spark,
        new BarWindow(null, null, List.of(), 79, 5)).persist(StorageLevel.MEMORY_ONLY());
    System.out.println("bars " + bars.count());
    String[] cols = {"close", "open", "high", "low", "volume"};
    double[] alphas = {Ema.alphaForWilder(14), Ema.alphaForWilder(14), Ema.alphaForSpan(12), Ema.alphaForSpan(26), Ema.alphaForSpan(9)};
    for (int i = 0; i < alphas.length; i++) {
      spark.udf().register("ema_probe_" + i, functions.udaf(new Fold(alphas[i]), Encoders.DOUBLE()));
    }
    for (int round = 0; round < 3; round++) {
      for (String variant : new String[] {"collect_list", "udaf"}) {
        List<Column> c = new ArrayList<>();
        c.add(functions.col("symbol")); c.add(functions.col("trade_date"));
        for (int i = 0; i < cols.length; i++) {
          String sql = variant.equals("collect_list") ? Sql.ema(cols[i], alphas[i])
              : "ema_probe_" + i + "(" + cols[i] + ") OVER " + Sql.frame(Ema.rows(alphas[i]));
          c.add(functions.expr(sql).cast("double").as("e" + i));
        }
        Dataset<Row> out = bars.select(c.toArray(Column[]::new));
        long start = System.nanoTime();
        out.write().format("noop").mode("overwrite").save();
        System.out.printf("%-14s round %d %6.2f s%n", variant, round, (System.nanoTime() - start) / 1e9);
        if (round == 2) out.write().mode("overwrite").parquet("/tmp/udafprobe/out-" + variant);
      }
    }
    Dataset<Row> a = spark.read().parquet("/tmp/udafprobe/out-collect_list");
    Dataset<Row> b = spark.read().parquet("/tmp/udafprobe/out-udaf");
    System.out.println("rows only in one side: " + a.exceptAll(b).count() + " / " + b.exceptAll(a).count());
    spark.stop();
  }
}
