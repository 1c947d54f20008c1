package io.stockpipe.model.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stockpipe.model.data.DataPreparation;
import io.stockpipe.model.network.Target;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.PerDateLabels;
import io.stockpipe.spark.SparkSessions;
import io.stockpipe.spark.SparkSettings;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The MLlib baselines' per-date targets in Spark SQL equal the networks' (and the hand values). */
class PerDateTargetTest {
  private static final LocalDate MONDAY = LocalDate.of(2024, 3, 4);
  private static final LocalDate TUESDAY = MONDAY.plusDays(1);
  private static final LocalDate WEDNESDAY = MONDAY.plusDays(2);

  private static final List<String> SYMBOLS = List.of("A", "B", "C", "D", "A", "B", "C", "A");
  private static final List<LocalDate> DATES =
      List.of(MONDAY, MONDAY, MONDAY, MONDAY, TUESDAY, TUESDAY, TUESDAY, WEDNESDAY);
  private static final double[] LABELS = {0.03, -0.01, 0.01, 0.01, 0.02, 0.02, 0.02, 0.05};

  @Test
  void sparksRankAndZscoreEqualTheJavaDefinitionsRowForRow() {
    SparkSession spark = SparkSessions.getOrCreate(new SparkSettings("local[2]", 2, 2));
    StructType schema =
        new StructType()
            .add(DataPreparation.SYMBOL, DataTypes.StringType)
            .add(DataPreparation.TRADE_DATE, DataTypes.DateType)
            .add(DataPreparation.LABEL, DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < LABELS.length; i++) {
      rows.add(RowFactory.create(SYMBOLS.get(i), Date.valueOf(DATES.get(i)), LABELS[i]));
    }
    Dataset<Row> data = spark.createDataFrame(rows, schema);
    float[] labels = new float[LABELS.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (float) LABELS[i];
    }
    FeatureHistory history = FeatureHistory.of(SYMBOLS, DATES, new float[LABELS.length][1], labels);
    int[] all = {0, 1, 2, 3, 4, 5, 6, 7};

    Map<String, Double> rank = targets(data, Target.RANK);
    // Hand values: Monday -0.01 < 0.01 = 0.01 < 0.03; Tuesday all tied; Wednesday alone.
    assertThat(rank.get("A " + MONDAY)).isEqualTo(0.5);
    assertThat(rank.get("C " + MONDAY)).isEqualTo(0.0);
    assertThat(rank.get("B " + MONDAY)).isEqualTo(-0.5);
    assertThat(rank.get("B " + TUESDAY)).isEqualTo(0.0);
    assertThat(rank.get("A " + WEDNESDAY)).isEqualTo(0.0);
    for (Target target : List.of(Target.RANK, Target.ZSCORE)) {
      Map<String, Double> computed = targets(data, target);
      float[] java = PerDateLabels.transform(target, history, all);
      for (int i = 0; i < LABELS.length; i++) {
        assertThat(computed.get(SYMBOLS.get(i) + " " + DATES.get(i)))
            .as("%s %s %s", target, SYMBOLS.get(i), DATES.get(i))
            .isCloseTo(java[i], within(1e-6));
      }
    }
    assertThat(targets(data, Target.ZSCORE).get("A " + MONDAY)).isCloseTo(1.414214, within(1e-5));
    assertThat(targets(data, Target.REGRESSION).get("A " + MONDAY)).isEqualTo(0.03);
  }

  private static Map<String, Double> targets(Dataset<Row> data, Target target) {
    Map<String, Double> values = new TreeMap<>();
    for (Row row :
        PerDateTarget.add(data, target)
            .select(DataPreparation.SYMBOL, DataPreparation.TRADE_DATE, PerDateTarget.COLUMN)
            .collectAsList()) {
      values.put(row.getString(0) + " " + row.getDate(1).toLocalDate(), row.getDouble(2));
    }
    return values;
  }
}
