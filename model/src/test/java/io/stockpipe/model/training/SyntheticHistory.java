package io.stockpipe.model.training;

import io.stockpipe.model.samples.FeatureHistory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Random features for a few symbols on consecutive weekdays, with a label that is a known function
 * of them: what a network must learn to pass.
 */
final class SyntheticHistory {
  private SyntheticHistory() {}

  /**
   * @param label from (features of the symbol so far, row index within the symbol) to the label
   */
  static FeatureHistory generate(
      int symbols,
      int days,
      int featureCount,
      long seed,
      BiFunction<float[][], Integer, Float> label) {
    Random random = new Random(seed);
    List<String> names = new ArrayList<>();
    List<LocalDate> dates = new ArrayList<>();
    float[][] features = new float[symbols * days][];
    float[] labels = new float[symbols * days];
    for (int s = 0; s < symbols; s++) {
      float[][] series = new float[days][featureCount];
      LocalDate date = LocalDate.of(2020, 1, 1);
      for (int d = 0; d < days; d++) {
        for (int f = 0; f < featureCount; f++) {
          series[d][f] = (float) random.nextGaussian();
        }
        while (date.getDayOfWeek().getValue() > 5) {
          date = date.plusDays(1);
        }
        names.add(String.format("S%03d", s));
        dates.add(date);
        features[s * days + d] = series[d];
        labels[s * days + d] = label.apply(series, d);
        date = date.plusDays(1);
      }
    }
    return FeatureHistory.of(names, dates, features, labels);
  }
}
