package io.stockpipe.model.samples;

import io.stockpipe.model.network.InputNormalisation;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Cross-sectional input normalisation: every feature of a row compared with the same feature of the
 * other rows of its date in the history, and nothing else, so a date's inputs never depend on
 * another date's bars. Missing values become 0, the date's median, as the reference fills them; a
 * row missing more than {@link #MAX_MISSING_FRACTION} of its features stays missing (it is too
 * young a history, or too broken a bar, to learn from) and so is no sample. Thread-safe.
 */
public final class PerDateInputs {
  /** Rows with more missing features than this share are left out rather than filled. */
  public static final double MAX_MISSING_FRACTION = 0.1;

  /** A robust z-score is clipped to this many (MAD-estimated) standard deviations. */
  public static final double ROBUST_CLIP = 3;

  /** MAD × this estimates the standard deviation of a normal distribution. */
  static final double MAD_TO_SD = 1.4826;

  private PerDateInputs() {}

  /** {@code history} with its features normalised per date; labels are shared. */
  public static FeatureHistory normalise(FeatureHistory history, InputNormalisation inputs) {
    if (history.inputs() != InputNormalisation.NONE) {
      throw new IllegalStateException("history is normalised already: " + history.inputs());
    }
    if (inputs == InputNormalisation.NONE) {
      return history;
    }
    int featureCount = history.featureCount();
    float[] raw = history.rawFeatures();
    float[] normalised = new float[raw.length];
    int maxMissing = (int) Math.floor(MAX_MISSING_FRACTION * featureCount);
    for (int[] date : PerDateLabels.byDate(history, allRows(history))) {
      double[] values = new double[date.length];
      for (int feature = 0; feature < featureCount; feature++) {
        for (int i = 0; i < date.length; i++) {
          values[i] = raw[date[i] * featureCount + feature];
        }
        double[] scaled = inputs == InputNormalisation.RANK ? ranks(values) : robust(values);
        for (int i = 0; i < date.length; i++) {
          normalised[date[i] * featureCount + feature] = (float) scaled[i];
        }
      }
      for (int row : date) {
        int missing = 0;
        for (int feature = 0; feature < featureCount; feature++) {
          if (!Float.isFinite(raw[row * featureCount + feature])) {
            missing++;
          }
        }
        if (missing > maxMissing) {
          Arrays.fill(normalised, row * featureCount, (row + 1) * featureCount, Float.NaN);
        }
      }
    }
    return history.withFeatures(normalised, inputs);
  }

  private static int[] allRows(FeatureHistory history) {
    int[] rows = new int[history.rows()];
    Arrays.setAll(rows, i -> i);
    return rows;
  }

  /** Centred ranks of the finite values; 0 for the missing ones. */
  static double[] ranks(double[] values) {
    int[] present = present(values);
    double[] result = new double[values.length];
    double[] ranked = PerDateLabels.centredRanks(pick(values, present));
    for (int i = 0; i < present.length; i++) {
      result[present[i]] = ranked[i];
    }
    return result;
  }

  /** Robust z-scores of the finite values, clipped; 0 for the missing ones. */
  static double[] robust(double[] values) {
    int[] present = present(values);
    double[] result = new double[values.length];
    if (present.length == 0) {
      return result;
    }
    double[] finite = pick(values, present);
    double median = median(finite.clone());
    double[] deviations = new double[finite.length];
    for (int i = 0; i < finite.length; i++) {
      deviations[i] = Math.abs(finite[i] - median);
    }
    double scale = MAD_TO_SD * median(deviations);
    for (int i = 0; i < present.length; i++) {
      double deviation = finite[i] - median;
      // No spread around the median (a feature most symbols share): only the side counts.
      double z = scale > 0 ? deviation / scale : Math.signum(deviation) * ROBUST_CLIP;
      result[present[i]] = Math.max(-ROBUST_CLIP, Math.min(ROBUST_CLIP, z));
    }
    return result;
  }

  static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private static int[] present(double[] values) {
    return IntStream.range(0, values.length).filter(i -> Double.isFinite(values[i])).toArray();
  }

  private static double[] pick(double[] values, int[] indexes) {
    double[] picked = new double[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      picked[i] = values[indexes[i]];
    }
    return picked;
  }
}
