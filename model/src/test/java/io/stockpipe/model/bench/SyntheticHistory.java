package io.stockpipe.model.bench;

import io.stockpipe.model.samples.FeatureHistory;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** The deterministic data {@link TrainThroughput} trains on (and exports to PyTorch). */
final class SyntheticHistory {
  static final int FEATURES = 35;
  private static final long DATA_SEED = 7;

  private SyntheticHistory() {}

  /**
   * Gaussian features on consecutive weekdays, and a label the networks can partly learn: today's
   * features (both nets) and a 5-day mean of one feature (only the CNN sees it), plus noise, so
   * that the two sides' validation losses say whether they trained the same thing.
   */
  static FeatureHistory of(int symbols, int days) {
    Random random = new Random(DATA_SEED);
    List<LocalDate> weekdays = new ArrayList<>();
    for (LocalDate date = LocalDate.of(2020, 1, 1);
        weekdays.size() < days;
        date = date.plusDays(1)) {
      if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
        weekdays.add(date);
      }
    }
    List<String> names = new ArrayList<>();
    List<LocalDate> dates = new ArrayList<>();
    float[][] features = new float[symbols * days][FEATURES];
    float[] labels = new float[symbols * days];
    for (int symbol = 0; symbol < symbols; symbol++) {
      double momentum = 0;
      for (int day = 0; day < days; day++) {
        int row = symbol * days + day;
        for (int feature = 0; feature < FEATURES; feature++) {
          features[row][feature] = (float) random.nextGaussian();
        }
        momentum += features[row][4] - (day >= 5 ? features[row - 5][4] : 0);
        float[] f = features[row];
        labels[row] =
            (float)
                (0.4 * f[0]
                    - 0.3 * f[1]
                    + 0.2 * f[2] * f[3]
                    + 0.3 * momentum / 5
                    + 0.5 * random.nextGaussian());
        names.add(String.format(Locale.ROOT, "S%03d", symbol));
        dates.add(weekdays.get(day));
      }
    }
    return FeatureHistory.of(names, dates, features, labels);
  }
}
