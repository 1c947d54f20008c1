package io.stockpipe.features.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.features.registry.Ema;
import io.stockpipe.features.registry.Sql;
import io.stockpipe.spark.SparkSessions;
import io.stockpipe.spark.SparkSettings;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@code stockpipe_ema} gives, bit for bit, what the previous definition of {@link Sql#ema} gave
 * (collect the frame, fold it with Horner's rule in an interpreted lambda), NULLs included.
 */
class TruncatedEmaTest {
  /** The definition stockpipe_ema replaced, verbatim. */
  private static String collectAndFold(String column, double alpha) {
    int rows = Ema.rows(alpha);
    String fold =
        "aggregate(collect_list("
            + column
            + ") OVER "
            + Sql.frame(rows)
            + ", 0D, (ema_acc, ema_x) -> ema_acc * "
            + Sql.literal(1 - alpha)
            + " + ema_x)";
    return Sql.whenFull(
        rows, "(" + fold + " * " + Sql.literal(1 / Ema.weightSum(alpha)) + ")", column);
  }

  @Test
  void equalsTheCollectAndFoldItReplacedBitForBit() {
    SparkSession spark = SparkSessions.getOrCreate(new SparkSettings("local[2]", 2, 2));
    TruncatedEma.register(spark);
    Random random = new Random(5);
    List<Row> rows = new ArrayList<>();
    for (String symbol : List.of("A", "B", "SHORT")) {
      int length = symbol.equals("SHORT") ? 30 : 400;
      double price = 100;
      for (int day = 0; day < length; day++) {
        price *= Math.exp(random.nextGaussian() * 0.02);
        // Holes (close-only bars' missing inputs) must make every frame that holds one NULL.
        Double value = random.nextInt(200) == 0 ? null : price;
        rows.add(
            RowFactory.create(symbol, Date.valueOf(LocalDate.of(2020, 1, 1).plusDays(day)), value));
      }
    }
    StructType schema =
        new StructType()
            .add("symbol", DataTypes.StringType)
            .add("trade_date", DataTypes.DateType)
            .add("x", DataTypes.DoubleType);
    Dataset<Row> series = spark.createDataFrame(rows, schema);
    List<Double> alphas =
        List.of(Ema.alphaForWilder(14), Ema.alphaForSpan(12), Ema.alphaForSpan(26), 0.5);

    for (double alpha : alphas) {
      List<Row> compared =
          series
              .select(
                  functions.expr(Sql.ema("x", alpha)).as("new"),
                  functions.expr(collectAndFold("x", alpha)).as("old"))
              .collectAsList();
      int values = 0;
      for (Row row : compared) {
        if (row.isNullAt(1)) {
          assertThat(row.isNullAt(0)).as("alpha %s: NULL where the old one was", alpha).isTrue();
        } else {
          values++;
          assertThat(Double.doubleToRawLongBits(row.getDouble(0)))
              .as("alpha %s", alpha)
              .isEqualTo(Double.doubleToRawLongBits(row.getDouble(1)));
        }
      }
      assertThat(values).as("alpha %s: full windows compared", alpha).isGreaterThan(300);
    }
  }
}
