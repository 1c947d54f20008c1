package io.stockpipe.model.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.PipelineException;
import java.sql.Date;
import java.util.List;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Drops rows no model can use (a NULL or NaN feature, or no label) and splits the rest into
 * training and test. Every model, naive or fitted, is then judged on the very same test rows.
 */
public final class DataPreparation {
  public static final String SYMBOL = "symbol";
  public static final String TRADE_DATE = "trade_date";

  /** The raw array, in feature_set.feature_names order. */
  public static final String FEATURES = "features";

  /** The same values as an MLlib vector. */
  public static final String FEATURE_VECTOR = "feature_vector";

  public static final String LABEL = "label";
  public static final List<String> COLUMNS =
      List.of(SYMBOL, TRADE_DATE, FEATURES, FEATURE_VECTOR, LABEL);

  private DataPreparation() {}

  public static PreparedData prepare(
      Dataset<Row> labeledRows,
      FeatureSetInfo featureSet,
      DateRange training,
      DateRange test,
      int partitions) {
    int featureCount = featureSet.featureNames().size();
    Dataset<Row> flagged =
        labeledRows
            .withColumn("in_test", col(TRADE_DATE).geq(lit(Date.valueOf(test.from()))))
            .withColumn("wrong_length", size(col(FEATURES)).notEqual(lit(featureCount)))
            .withColumn("incomplete", expr("exists(features, x -> x IS NULL OR isnan(x))"))
            .withColumn("no_label", col(LABEL).isNull().or(isnan(col(LABEL))));
    List<Row> tallies =
        flagged
            .groupBy("in_test")
            .agg(
                count(lit(1)),
                countWhere(col("wrong_length")),
                countWhere(col("incomplete")),
                countWhere(not(col("incomplete")).and(col("no_label"))))
            .collectAsList();
    long[] trainingTally = tally(tallies, false);
    long[] testTally = tally(tallies, true);
    if (trainingTally[1] + testTally[1] > 0) {
      throw new PipelineException(
          (trainingTally[1] + testTally[1])
              + " rows of feature_row for "
              + featureSet.version()
              + " do not have the "
              + featureCount
              + " features that feature_set lists: rebuild the feature set");
    }
    RowCounts counts =
        new RowCounts(
            trainingTally[0],
            testTally[0],
            trainingTally[2] + testTally[2],
            trainingTally[3] + testTally[3],
            trainingTally[0] - trainingTally[2] - trainingTally[3],
            testTally[0] - testTally[2] - testTally[3]);
    requireRows(counts.trainingKept(), trainingTally, "--train", training, featureSet);
    requireRows(counts.testKept(), testTally, "--test", test, featureSet);

    Dataset<Row> usable =
        flagged
            .filter(not(col("incomplete")).and(not(col("no_label"))))
            .withColumn(FEATURE_VECTOR, functions.array_to_vector(col(FEATURES)))
            .select(COLUMNS.stream().map(name -> col(name)).toArray(Column[]::new));
    // Partitioned by symbol and sorted, so that every run hands MLlib the same rows in the same
    // partitions in the same order, whatever order the JDBC reads returned them in.
    Dataset<Row> trainingRows =
        arranged(usable.filter(col(TRADE_DATE).leq(lit(Date.valueOf(training.to())))), partitions);
    Dataset<Row> testRows =
        arranged(usable.filter(col(TRADE_DATE).geq(lit(Date.valueOf(test.from())))), partitions);
    return new PreparedData(trainingRows, testRows, counts);
  }

  private static Dataset<Row> arranged(Dataset<Row> rows, int partitions) {
    return rows.repartition(partitions, col(SYMBOL))
        .sortWithinPartitions(TRADE_DATE, SYMBOL)
        .cache();
  }

  private static Column countWhere(Column condition) {
    return sum(when(condition, 1L).otherwise(0L));
  }

  /** read, wrong length, incomplete, no label of one side; zeros when it read nothing. */
  private static long[] tally(List<Row> tallies, boolean inTest) {
    for (Row row : tallies) {
      if (row.getBoolean(0) == inTest) {
        return new long[] {row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)};
      }
    }
    return new long[4];
  }

  private static void requireRows(
      long kept, long[] tally, String flagPrefix, DateRange range, FeatureSetInfo featureSet) {
    if (kept == 0) {
      throw new BadInputException(
          "no usable rows between "
              + flagPrefix
              + "-from "
              + range.from()
              + " and "
              + flagPrefix
              + "-to "
              + range.to()
              + " in feature set "
              + featureSet.version()
              + " (read "
              + tally[0]
              + ", with incomplete features "
              + tally[2]
              + ", without label "
              + tally[3]
              + "): choose dates that have features and labels");
    }
  }
}
