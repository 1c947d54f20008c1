package io.stockpipe.model.baseline;

import io.stockpipe.model.data.DataPreparation;
import io.stockpipe.model.network.Target;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.PerDateLabels;
import io.stockpipe.spark.SparkSessions;
import io.stockpipe.spark.SparkSettings;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The baseline's gradient-boosted trees ({@link MllibBaselines#gradientBoostedTrees}) fitted on
 * rows of a {@link FeatureHistory}, the samples a network trains on, rather than on a JDBC read: a
 * member of a blend. The grid is chosen on the validation rows by rank IC ({@link
 * HyperParameterSearch}) and the choice is kept as fitted on the training rows, not refitted, so
 * that its validation predictions are out of sample. Predicting runs no Spark job, though loading
 * needs a session. Immutable; {@link #predict} is thread-safe.
 */
public final class FittedTrees {
  private final GBTRegressionModel model;

  private FittedTrees(GBTRegressionModel model) {
    this.model = model;
  }

  /**
   * A fitted GBT and how it was chosen.
   *
   * @param trees the chosen candidate, fitted on the training rows
   * @param hyperParameters its values
   * @param candidates every candidate's hyper-parameters and validation scores
   */
  public record Fit(
      FittedTrees trees,
      Map<String, Object> hyperParameters,
      List<Map<String, Object>> candidates) {
    public Fit {
      hyperParameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
      candidates = List.copyOf(candidates);
    }
  }

  /**
   * @param target what the trees learn: the label, or its per-date rank or z-score over the
   *     training and validation rows (as the networks' targets); not sign
   * @param grid the depths and numbers of trees to try (its validation fraction is not used: the
   *     validation rows are given)
   */
  public static Fit fit(
      FeatureHistory history,
      int[] trainingRows,
      int[] validationRows,
      Target target,
      Tuning grid) {
    SparkSession spark = session();
    float[] learned = learnedLabels(history, trainingRows, validationRows, target);
    Dataset<Row> training = frame(spark, history, trainingRows, learned).cache();
    Dataset<Row> validation = frame(spark, history, validationRows, learned).cache();
    try {
      HyperParameterSearch.Outcome outcome =
          HyperParameterSearch.choose(
              MllibBaselines.gradientBoostedTrees(grid, target), training, validation);
      GBTRegressionModel trees = (GBTRegressionModel) outcome.chosenFit().stages()[0];
      return new Fit(new FittedTrees(trees), outcome.chosen().hyperParameters(), outcome.scores());
    } finally {
      training.unpersist();
      validation.unpersist();
    }
  }

  /** One value per row, in the units of the target the trees learned. */
  public double[] predict(FeatureHistory history, int[] rows) {
    double[] predictions = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      predictions[i] = model.predict(features(history, rows[i]));
    }
    return predictions;
  }

  /** MLlib's save, made reproducible ({@link TreeBytes}). */
  public byte[] bytes() {
    return TreeBytes.write(session(), model);
  }

  public static FittedTrees fromBytes(byte[] bytes) {
    session();
    return new FittedTrees(TreeBytes.read(bytes));
  }

  private static SparkSession session() {
    return SparkSessions.getOrCreate(SparkSettings.defaults());
  }

  private static float[] learnedLabels(
      FeatureHistory history, int[] trainingRows, int[] validationRows, Target target) {
    if (target == Target.SIGN) {
      throw new IllegalArgumentException("the GBT regressor cannot learn --target sign");
    }
    if (!target.perDate()) {
      float[] labels = new float[history.rows()];
      for (int row = 0; row < labels.length; row++) {
        labels[row] = history.label(row);
      }
      return labels;
    }
    int[] rows = new int[trainingRows.length + validationRows.length];
    System.arraycopy(trainingRows, 0, rows, 0, trainingRows.length);
    System.arraycopy(validationRows, 0, rows, trainingRows.length, validationRows.length);
    return PerDateLabels.transform(target, history, rows);
  }

  /**
   * The rows as the baseline's columns, in one partition: the same rows in the same order on any
   * machine, so that the trees come out the same.
   */
  private static Dataset<Row> frame(
      SparkSession spark, FeatureHistory history, int[] rows, float[] learned) {
    StructType schema =
        new StructType()
            .add(DataPreparation.SYMBOL, DataTypes.StringType, false)
            .add(DataPreparation.TRADE_DATE, DataTypes.DateType, false)
            .add(DataPreparation.FEATURE_VECTOR, SQLDataTypes.VectorType(), false)
            .add(DataPreparation.LABEL, DataTypes.DoubleType, false)
            .add(PerDateTarget.COLUMN, DataTypes.DoubleType, false);
    List<Row> data = new ArrayList<>(rows.length);
    for (int row : rows) {
      data.add(
          RowFactory.create(
              history.symbol(row),
              Date.valueOf(history.date(row)),
              features(history, row),
              (double) history.label(row),
              (double) learned[row]));
    }
    return spark.createDataFrame(data, schema).coalesce(1);
  }

  private static Vector features(FeatureHistory history, int row) {
    double[] values = new double[history.featureCount()];
    for (int feature = 0; feature < values.length; feature++) {
      values[feature] = history.feature(row, feature);
    }
    return Vectors.dense(values);
  }
}
