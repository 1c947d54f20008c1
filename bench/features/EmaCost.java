/*
 * Throwaway probe behind a figure in bench/results/features-profile.md: the 5 truncated EMAs as collect_list + aggregate (the product) against Horner sums of lag()s,
 * at 1x, bars in memory, Spark local[2], to the noop sink. Needs a database holding price_bar
 * (e.g. after bench/features.sh: STOCKPIPE_HOME=bench/work/features/1x/home
 * STOCKPIPE_DB_PORT=54341 ./stockpipe db start). Not part of the build:
 *
 *   javac -cp "app/target/stockpipe-app.jar:app/target/lib/*" -d /tmp/probe bench/features/EmaCost.java
 *   java [the launcher's --add-opens] -cp "/tmp/probe:app/target/stockpipe-app.jar:app/target/lib/*" \
 *     EmaCost jdbc:postgresql://localhost:54341/stockpipe
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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

public final class EmaCost {
  static String horner(String column, double alpha) {
    int rows = Ema.rows(alpha);
    String decay = Sql.literal(1 - alpha);
    String acc = Sql.lag(column, rows - 1);
    for (int back = rows - 2; back >= 0; back--) {
      acc = "(" + acc + " * " + decay + " + " + (back == 0 ? column : Sql.lag(column, back)) + ")";
    }
    double sum = 0;
    for (int k = 0; k < rows; k++) sum += Math.pow(1 - alpha, k);
    return "(" + acc + " * " + Sql.literal(1 / sum) + ")";
  }

  public static void main(String[] args) {
    JdbcEndpoint endpoint = new JdbcEndpoint(args[0], "postgres", "");
    SparkSession spark = SparkSessions.getOrCreate(new SparkSettings("local[2]", 2, 2));
    Dataset<Row> bars = new PriceBarReader(endpoint, 2).read(spark,
        new BarWindow(null, null, List.of(), 79, 5)).persist(StorageLevel.MEMORY_ONLY());
    System.out.println("bars " + bars.count());
    String[] cols = {"close", "open", "high", "low", "close + 1D"};
    double[] alphas = {Ema.alphaForWilder(14), Ema.alphaForWilder(14), Ema.alphaForSpan(12), Ema.alphaForSpan(26), Ema.alphaForSpan(9)};
    for (int round = 0; round < 3; round++) {
      for (String variant : new String[] {"collect_list", "horner-lags"}) {
        List<Column> c = new ArrayList<>();
        c.add(functions.col("symbol")); c.add(functions.col("trade_date"));
        for (int i = 0; i < cols.length; i++) {
          String sql = variant.equals("collect_list") ? Sql.ema(cols[i], alphas[i]) : horner(cols[i], alphas[i]);
          c.add(functions.expr(sql).cast("double").as("e" + i));
        }
        Dataset<Row> out = bars.select(c.toArray(Column[]::new));
        long start = System.nanoTime();
        out.write().format("noop").mode("overwrite").save();
        System.out.printf("%-14s round %d %6.2f s%n", variant, round, (System.nanoTime() - start) / 1e9);
        if (round == 2) out.write().mode("overwrite").parquet("/tmp/emaprobe/out-" + variant);
      }
    }
    Dataset<Row> a = spark.read().parquet("/tmp/emaprobe/out-collect_list");
    Dataset<Row> b = spark.read().parquet("/tmp/emaprobe/out-horner-lags");
    System.out.println("rows only in one side: " + a.exceptAll(b).count() + " / " + b.exceptAll(a).count());
    spark.stop();
  }
}
