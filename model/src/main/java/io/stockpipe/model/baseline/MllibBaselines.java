package io.stockpipe.model.baseline;

import io.stockpipe.model.data.DataPreparation;
import io.stockpipe.model.network.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;

/** The MLlib grids: linear regression on standardised features, and gradient-boosted trees. */
final class MllibBaselines {
  static final String LINEAR_REGRESSION = "linear_regression";
  static final String GBT_REGRESSOR = "gbt_regressor";

  /** Fixed so that a rerun builds the same trees. */
  private static final long SEED = 20_240_101L;

  private static final String SCALED = "scaled_features";

  private MllibBaselines() {}

  /**
   * Pure L2 (ridge) penalties: with correlated return features, L1 would pick one of a pair by
   * chance and the choice would flip between reruns of nearby ranges.
   */
  static List<MllibCandidate> linearRegression(Tuning tuning, Target target) {
    List<MllibCandidate> candidates = new ArrayList<>();
    for (double regParam : tuning.linearRegParams()) {
      StandardScaler scaler =
          new StandardScaler()
              .setInputCol(DataPreparation.FEATURE_VECTOR)
              .setOutputCol(SCALED)
              .setWithMean(true)
              .setWithStd(true);
      LinearRegression regression =
          new LinearRegression()
              .setFeaturesCol(SCALED)
              .setLabelCol(PerDateTarget.COLUMN)
              .setRegParam(regParam)
              .setElasticNetParam(0.0)
              // Already standardised by the scaler, whose mean and scale the test rows reuse.
              .setStandardization(false);
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("regParam", regParam);
      values.put("elasticNetParam", 0.0);
      candidates.add(
          new MllibCandidate(
              modelName(LINEAR_REGRESSION, target),
              values,
              new Pipeline().setStages(new PipelineStage[] {scaler, regression})));
    }
    return candidates;
  }

  /** Trees need no scaling: they split on order, not magnitude. */
  static List<MllibCandidate> gradientBoostedTrees(Tuning tuning, Target target) {
    List<MllibCandidate> candidates = new ArrayList<>();
    for (int maxDepth : tuning.gbtMaxDepths()) {
      for (int maxIterations : tuning.gbtMaxIterations()) {
        GBTRegressor trees =
            new GBTRegressor()
                .setFeaturesCol(DataPreparation.FEATURE_VECTOR)
                .setLabelCol(PerDateTarget.COLUMN)
                .setMaxDepth(maxDepth)
                .setMaxIter(maxIterations)
                .setStepSize(tuning.gbtStepSize())
                .setSeed(SEED);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("maxDepth", maxDepth);
        values.put("maxIter", maxIterations);
        values.put("stepSize", tuning.gbtStepSize());
        candidates.add(
            new MllibCandidate(
                modelName(GBT_REGRESSOR, target),
                values,
                new Pipeline().setStages(new PipelineStage[] {trees})));
      }
    }
    return candidates;
  }

  /**
   * {@code gbt_regressor}, or {@code gbt_regressor_rank} for a per-date target: each target is a
   * model of its own in model_evaluation, beside the others.
   */
  static String modelName(String base, Target target) {
    return target == Target.REGRESSION ? base : base + "_" + target.key();
  }
}
