package io.stockpipe.model.samples;

import io.stockpipe.errors.PipelineException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Standardises each feature, and a regression label, with the mean and standard deviation of the
 * training rows only, then clips to ±{@code clip} standard deviations: the real data has splits and
 * bad prints that would otherwise dominate a squared loss. Stored with the model, so that
 * prediction scales exactly as training did.
 *
 * @param means per feature
 * @param stdevs per feature; 1 where the training rows had no spread
 * @param labelMean mean of the training labels (0 for a sign classifier)
 * @param labelStdev their standard deviation (1 for a sign classifier)
 * @param clip bound on a scaled value, in standard deviations
 */
public record InputScaler(
    double[] means, double[] stdevs, double labelMean, double labelStdev, double clip) {
  public static final double DEFAULT_CLIP = 5;

  public InputScaler {
    if (means.length != stdevs.length) {
      throw new IllegalArgumentException("means and standard deviations differ in length");
    }
    means = means.clone();
    stdevs = stdevs.clone();
  }

  /** Fitted on the given rows of {@code history}, which must all be complete. */
  public static InputScaler fit(FeatureHistory history, int[] rows, boolean scaleLabel) {
    int featureCount = history.featureCount();
    double[] means = new double[featureCount];
    double[] squares = new double[featureCount];
    double labelSum = 0;
    double labelSquares = 0;
    for (int row : rows) {
      for (int feature = 0; feature < featureCount; feature++) {
        double value = history.feature(row, feature);
        means[feature] += value;
        squares[feature] += value * value;
      }
      labelSum += history.label(row);
      labelSquares += (double) history.label(row) * history.label(row);
    }
    int n = Math.max(1, rows.length);
    double[] stdevs = new double[featureCount];
    for (int feature = 0; feature < featureCount; feature++) {
      means[feature] /= n;
      stdevs[feature] = spread(squares[feature] / n - means[feature] * means[feature]);
    }
    double labelMean = labelSum / n;
    double labelStdev = spread(labelSquares / n - labelMean * labelMean);
    return scaleLabel
        ? new InputScaler(means, stdevs, labelMean, labelStdev, DEFAULT_CLIP)
        : new InputScaler(means, stdevs, 0, 1, DEFAULT_CLIP);
  }

  private static double spread(double variance) {
    double stdev = Math.sqrt(Math.max(0, variance));
    return stdev > 1e-12 ? stdev : 1;
  }

  public float scaleFeature(int feature, float value) {
    return (float) clip((value - means[feature]) / stdevs[feature]);
  }

  public float scaleLabel(float value) {
    return (float) clip((value - labelMean) / labelStdev);
  }

  public double unscaleLabel(double scaled) {
    return scaled * labelStdev + labelMean;
  }

  private double clip(double value) {
    return Math.max(-clip, Math.min(clip, value));
  }

  public Map<String, Object> toMap() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("means", means);
    values.put("stdevs", stdevs);
    values.put("label_mean", labelMean);
    values.put("label_stdev", labelStdev);
    values.put("clip", clip);
    return values;
  }

  public static InputScaler fromMap(Map<String, Object> values) {
    try {
      return new InputScaler(
          doubles(values.get("means")),
          doubles(values.get("stdevs")),
          ((Number) values.get("label_mean")).doubleValue(),
          ((Number) values.get("label_stdev")).doubleValue(),
          ((Number) values.get("clip")).doubleValue());
    } catch (RuntimeException e) {
      throw new PipelineException("model_registry.input_scaling is not readable: " + e, e);
    }
  }

  private static double[] doubles(Object list) {
    return ((List<?>) list).stream().mapToDouble(value -> ((Number) value).doubleValue()).toArray();
  }
}
