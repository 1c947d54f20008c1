package io.stockpipe.model.baseline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;

import io.stockpipe.model.data.DataPreparation;
import io.stockpipe.model.data.FeatureSetInfo;
import io.stockpipe.model.evaluation.Prediction;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rules with nothing to fit, the floor every fitted model must clear: predict zero; momentum (the
 * last 20-day return continues, and the last 60-day one: the slower, classic horizon, which on the
 * real prices ranks better); mean reversion (the last 1-day return reverses). The returns come from
 * the feature vector by name, so they are exactly the point-in-time values the other models see.
 *
 * <p>Public for its names and horizons only: the nightly score step ({@code
 * io.stockpipe.model.scoring.BaselineScoreService}) scores the momentum and mean-reversion rules
 * under the same names from price_bar, where there is no feature vector to read.
 */
public final class NaiveBaselines {
  public static final String PREDICT_ZERO = "predict_zero";
  public static final String MOMENTUM = "momentum_20d";
  public static final String MEAN_REVERSION = "mean_reversion_1d";

  /**
   * Scored by the baseline command only: the nightly scorecard reads {@value #MOMENTUM_BARS} bars
   * of price_bar per symbol, and three times as many for a second momentum is not worth its read.
   */
  public static final String SLOW_MOMENTUM = "momentum_60d";

  static final int SLOW_MOMENTUM_BARS = 60;

  /** Bars back of the momentum return: {@link #MOMENTUM_FEATURE} is close[t]/close[t-20] - 1. */
  public static final int MOMENTUM_BARS = 20;

  /** Bars back of the reversed return: {@link #REVERSAL_FEATURE} is close[t]/close[t-1] - 1. */
  public static final int REVERSAL_BARS = 1;

  static final String MOMENTUM_FEATURE = "ret_" + MOMENTUM_BARS;
  static final String REVERSAL_FEATURE = "ret_" + REVERSAL_BARS;
  static final String SLOW_MOMENTUM_FEATURE = "ret_" + SLOW_MOMENTUM_BARS;

  private final int momentumIndex;

  /** -1 where the feature set has no 60-day return: the rule is then not scored. */
  private final int slowMomentumIndex;

  private final int reversalIndex;

  /** Fails, naming the feature set, when it lacks a return these rules need. */
  NaiveBaselines(FeatureSetInfo featureSet) {
    this.momentumIndex = featureSet.indexOf(MOMENTUM_FEATURE, "the momentum baseline");
    this.reversalIndex = featureSet.indexOf(REVERSAL_FEATURE, "the mean-reversion baseline");
    this.slowMomentumIndex = featureSet.featureNames().indexOf(SLOW_MOMENTUM_FEATURE);
  }

  /** The rule each model applies, as recorded in model_evaluation.details. */
  static Map<String, String> rules() {
    Map<String, String> rules = new LinkedHashMap<>();
    rules.put(PREDICT_ZERO, "predicted = 0");
    rules.put(MOMENTUM, "predicted = " + MOMENTUM_FEATURE);
    rules.put(MEAN_REVERSION, "predicted = -" + REVERSAL_FEATURE);
    rules.put(SLOW_MOMENTUM, "predicted = " + SLOW_MOMENTUM_FEATURE);
    return rules;
  }

  /** Predictions of every rule on the test rows, by model name in {@link #rules()} order. */
  Map<String, List<Prediction>> predict(Dataset<Row> testRows) {
    List<Row> rows =
        testRows
            .select(
                col(DataPreparation.SYMBOL),
                col(DataPreparation.TRADE_DATE),
                col(DataPreparation.LABEL),
                // element_at counts from 1.
                element_at(col(DataPreparation.FEATURES), momentumIndex + 1),
                element_at(col(DataPreparation.FEATURES), reversalIndex + 1),
                // The reversal again where there is no slow momentum to read: read, not used.
                element_at(
                    col(DataPreparation.FEATURES),
                    (slowMomentumIndex < 0 ? reversalIndex : slowMomentumIndex) + 1))
            .collectAsList();
    List<Prediction> zero = new ArrayList<>(rows.size());
    List<Prediction> momentum = new ArrayList<>(rows.size());
    List<Prediction> reversal = new ArrayList<>(rows.size());
    List<Prediction> slowMomentum = new ArrayList<>(rows.size());
    for (Row row : rows) {
      String symbol = row.getString(0);
      LocalDate date = row.getDate(1).toLocalDate();
      double actual = row.getDouble(2);
      zero.add(new Prediction(symbol, date, 0.0, actual));
      momentum.add(new Prediction(symbol, date, row.getDouble(3), actual));
      // 0.0 - x rather than -x: a zero return predicts 0.0, not -0.0, which would print oddly.
      reversal.add(new Prediction(symbol, date, 0.0 - row.getDouble(4), actual));
      slowMomentum.add(new Prediction(symbol, date, row.getDouble(5), actual));
    }
    Map<String, List<Prediction>> predictions = new LinkedHashMap<>();
    predictions.put(PREDICT_ZERO, zero);
    predictions.put(MOMENTUM, momentum);
    predictions.put(MEAN_REVERSION, reversal);
    if (slowMomentumIndex >= 0) {
      predictions.put(SLOW_MOMENTUM, slowMomentum);
    }
    return predictions;
  }
}
