package io.stockpipe.model.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stockpipe.model.network.InputNormalisation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cross-sectional input normalisation: values worked out by hand, and point in time. */
class PerDateInputsTest {
  private static final LocalDate DAY = LocalDate.of(2024, 3, 4);
  private static final float NAN = Float.NaN;

  @Test
  void robustZScoreUsesTheDatesMedianAndMadAndIsClipped() {
    // One feature over five symbols: median 3, |deviations| 2, 1, 0, 1, 97 -> MAD 1.
    double[] scaled = PerDateInputs.robust(new double[] {1, 2, 3, 4, 100});
    assertThat(scaled[0]).isCloseTo(-2 / 1.4826, within(1e-9));
    assertThat(scaled[2]).isEqualTo(0);
    assertThat(scaled[3]).isCloseTo(1 / 1.4826, within(1e-9));
    assertThat(scaled[4]).isEqualTo(PerDateInputs.ROBUST_CLIP);
  }

  @Test
  void missingValuesAreLeftOutOfTheMomentsAndFilledWithZero() {
    double[] scaled = PerDateInputs.robust(new double[] {1, Double.NaN, 3, 5});
    // Median of 1, 3, 5 is 3; MAD of 2, 0, 2 is 2.
    assertThat(scaled[0]).isCloseTo(-2 / (2 * 1.4826), within(1e-9));
    assertThat(scaled[1]).isEqualTo(0);
    assertThat(scaled[2]).isEqualTo(0);
    assertThat(PerDateInputs.ranks(new double[] {5, Double.NaN, 1})).containsExactly(0.5, 0, -0.5);
  }

  @Test
  void aFeatureWithoutSpreadKeepsOnlyTheSideOfTheMedian() {
    assertThat(PerDateInputs.robust(new double[] {0, 0, 0, 0, 1}))
        .containsExactly(0, 0, 0, 0, PerDateInputs.ROBUST_CLIP);
  }

  @Test
  void aRowMissingMoreThanATenthOfItsFeaturesStaysMissing() {
    int features = 10;
    float[][] rows = new float[4][features];
    for (int r = 0; r < rows.length; r++) {
      for (int f = 0; f < features; f++) {
        rows[r][f] = r * 10 + f;
      }
    }
    rows[1][3] = NAN; // one of ten: filled
    rows[2][3] = NAN;
    rows[2][4] = NAN; // two of ten: too many
    FeatureHistory history =
        FeatureHistory.of(
            List.of("A", "B", "C", "D"), List.of(DAY, DAY, DAY, DAY), rows, new float[4]);
    FeatureHistory normalised = PerDateInputs.normalise(history, InputNormalisation.RANK);

    assertThat(normalised.inputs()).isEqualTo(InputNormalisation.RANK);
    assertThat(normalised.feature(1, 3)).isEqualTo(0f);
    assertThat(normalised.feature(2, 0)).isNaN();
    assertThat(normalised.sampleRows(1, false, day -> true)).containsExactly(0, 1, 3);
    // Feature 0 over the rows present that day, 0 < 10 < 20 < 30 (row 2 still counts in it).
    assertThat(normalised.feature(0, 0)).isEqualTo(-0.5f);
    assertThat(normalised.feature(3, 0)).isEqualTo(0.5f);
    assertThatThrownBy(() -> PerDateInputs.normalise(normalised, InputNormalisation.ROBUST))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aDatesInputsDependOnThatDateAlone() {
    int symbols = 6;
    int days = 30;
    int features = 4;
    LocalDate cut = DAY.plusDays(14);
    FeatureHistory original = random(symbols, days, features, 1, null);
    // Every value after the cut changed, and one symbol's rows after it removed altogether.
    FeatureHistory changed = random(symbols, days, features, 2, cut);
    for (InputNormalisation inputs : List.of(InputNormalisation.RANK, InputNormalisation.ROBUST)) {
      FeatureHistory before = PerDateInputs.normalise(original, inputs);
      FeatureHistory after = PerDateInputs.normalise(changed, inputs);
      int compared = 0;
      for (int row = 0; row < before.rows(); row++) {
        if (before.date(row).isAfter(cut)) {
          continue;
        }
        int other = find(after, before.symbol(row), before.date(row));
        for (int f = 0; f < features; f++) {
          assertThat(after.feature(other, f))
              .as("%s %s %s feature %d", inputs, before.symbol(row), before.date(row), f)
              .isEqualTo(before.feature(row, f));
        }
        compared++;
      }
      assertThat(compared).isEqualTo(symbols * 15);
    }
  }

  /** Random features; with {@code cut}, other values after it and S0 missing after it. */
  private static FeatureHistory random(
      int symbols, int days, int features, long laterSeed, LocalDate cut) {
    Random early = new Random(1);
    Random late = new Random(laterSeed);
    List<String> names = new ArrayList<>();
    List<LocalDate> dates = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    for (int s = 0; s < symbols; s++) {
      for (int d = 0; d < days; d++) {
        LocalDate date = DAY.plusDays(d);
        float[] row = new float[features];
        for (int f = 0; f < features; f++) {
          float value = (float) early.nextGaussian();
          row[f] = cut != null && date.isAfter(cut) ? (float) late.nextGaussian() * 50 : value;
        }
        if (cut != null && s == 0 && date.isAfter(cut)) {
          continue;
        }
        names.add("S" + s);
        dates.add(date);
        rows.add(row);
      }
    }
    return FeatureHistory.of(names, dates, rows.toArray(float[][]::new), new float[rows.size()]);
  }

  private static int find(FeatureHistory history, String symbol, LocalDate date) {
    for (int row = 0; row < history.rows(); row++) {
      if (history.symbol(row).equals(symbol) && history.date(row).equals(date)) {
        return row;
      }
    }
    throw new AssertionError("no row " + symbol + " " + date);
  }
}
