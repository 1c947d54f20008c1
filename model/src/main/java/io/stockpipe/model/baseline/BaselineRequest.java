package io.stockpipe.model.baseline;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.network.Target;
import io.stockpipe.spark.SparkSettings;
import java.time.LocalDate;

/**
 * What {@code stockpipe baseline} evaluates.
 *
 * @param training dates the models learn from ({@code --train-from}, {@code --train-to})
 * @param test dates they are judged on, all after {@code training} ({@code --test-from}, {@code
 *     --test-to})
 * @param featureSetVersion {@code --feature-set}; null for the newest one with normalisation none
 * @param label what to predict
 * @param spark where Spark runs
 * @param tuning hyper-parameter grids and validation share
 * @param target what the MLlib regressors learn: the label, or its per-date rank or z-score
 */
public record BaselineRequest(
    DateRange training,
    DateRange test,
    String featureSetVersion,
    Label label,
    SparkSettings spark,
    Tuning tuning,
    Target target) {
  public BaselineRequest {
    if (training == null || test == null) {
      throw new BadInputException("--train-from/--train-to and --test-from/--test-to are required");
    }
    if (!training.to().isBefore(test.from())) {
      throw new BadInputException(
          "--train-to "
              + training.to()
              + " must be before --test-from "
              + test.from()
              + ": models are judged only on dates they never saw");
    }
    if (featureSetVersion != null && featureSetVersion.isBlank()) {
      featureSetVersion = null;
    }
    label = label == null ? Label.NEXT_RETURN_1D : label;
    spark = spark == null ? SparkSettings.defaults() : spark;
    tuning = tuning == null ? Tuning.defaults() : tuning;
    target = target == null ? Target.REGRESSION : target;
    if (target == Target.SIGN) {
      throw new BadInputException(
          "the MLlib baselines are regressors: --target sign is for the networks; choose"
              + " regression, rank or zscore");
    }
  }

  public BaselineRequest(
      DateRange training,
      DateRange test,
      String featureSetVersion,
      Label label,
      SparkSettings spark,
      Tuning tuning) {
    this(training, test, featureSetVersion, label, spark, tuning, Target.REGRESSION);
  }

  /** From the four flags, with the defaults for everything else; errors name the flag. */
  public static BaselineRequest of(
      LocalDate trainFrom, LocalDate trainTo, LocalDate testFrom, LocalDate testTo) {
    return new BaselineRequest(
        DateRange.named("--train", trainFrom, trainTo),
        DateRange.named("--test", testFrom, testTo),
        null,
        Label.NEXT_RETURN_1D,
        SparkSettings.defaults(),
        Tuning.defaults());
  }

  public BaselineRequest withFeatureSet(String version) {
    return new BaselineRequest(training, test, version, label, spark, tuning, target);
  }

  public BaselineRequest withSpark(SparkSettings settings) {
    return new BaselineRequest(training, test, featureSetVersion, label, settings, tuning, target);
  }

  public BaselineRequest withTuning(Tuning newTuning) {
    return new BaselineRequest(training, test, featureSetVersion, label, spark, newTuning, target);
  }

  public BaselineRequest withTarget(Target newTarget) {
    return new BaselineRequest(training, test, featureSetVersion, label, spark, tuning, newTarget);
  }
}
