package io.stockpipe.model.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stockpipe.model.network.Target;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-date targets against values worked out by hand. */
class PerDateLabelsTest {
  private static final LocalDate MONDAY = LocalDate.of(2024, 3, 4);
  private static final LocalDate TUESDAY = MONDAY.plusDays(1);

  /** Rows 0..4 on Monday, 5..7 on Tuesday; row 4 is held out of the rows transformed. */
  private static final FeatureHistory HISTORY =
      FeatureHistory.of(
          List.of("A", "B", "C", "D", "E", "A", "B", "C"),
          List.of(MONDAY, MONDAY, MONDAY, MONDAY, MONDAY, TUESDAY, TUESDAY, TUESDAY),
          new float[8][1],
          new float[] {0.03f, -0.01f, 0.01f, 0.01f, 0.50f, 0.02f, 0.02f, 0.02f});

  private static final int[] ROWS = {0, 1, 2, 3, 5, 6, 7};

  @Test
  void rankMapsEachDatesLabelsOntoMinusHalfToHalfWithTiesSharingTheirMeanRank() {
    float[] ranks = PerDateLabels.transform(Target.RANK, HISTORY, ROWS);
    // Monday: -0.01 < 0.01 = 0.01 < 0.03; 0-based ranks 0, 1.5, 1.5, 3 over 3 steps.
    assertThat(ranks[1]).isEqualTo(-0.5f);
    assertThat(ranks[2]).isEqualTo(0f);
    assertThat(ranks[3]).isEqualTo(0f);
    assertThat(ranks[0]).isEqualTo(0.5f);
    // The held-out row takes no part: not ranked, and the others ignore its 0.50.
    assertThat(ranks[4]).isNaN();
    // Tuesday: every label equal, every rank in the middle.
    assertThat(new float[] {ranks[5], ranks[6], ranks[7]}).containsOnly(0f);
  }

  @Test
  void zscoreDemeansAndScalesByTheDatesPopulationStandardDeviation() {
    float[] scores = PerDateLabels.transform(Target.ZSCORE, HISTORY, ROWS);
    // Monday: mean 0.01, deviations 0.02, -0.02, 0, 0; sd sqrt(0.0008 / 4) = 0.014142.
    assertThat(scores[0]).isCloseTo(1.414214f, within(1e-4f));
    assertThat(scores[1]).isCloseTo(-1.414214f, within(1e-4f));
    assertThat(scores[2]).isCloseTo(0f, within(1e-5f));
    assertThat(scores[4]).isNaN();
    // No spread on Tuesday: 0 rather than a division by zero.
    assertThat(new float[] {scores[5], scores[6], scores[7]}).containsOnly(0f);
  }

  @Test
  void aZscoreIsClippedAtFiveStandardDeviations() {
    double[] labels = new double[100];
    labels[0] = 1000;
    double[] scores = PerDateLabels.zScores(labels);
    // Unclipped: (1000 - 10) / sd = 9.95; the rest sit at -0.1005.
    assertThat(scores[0]).isEqualTo(PerDateLabels.ZSCORE_CLIP);
    assertThat(scores[1]).isCloseTo(-0.1005, within(1e-4));
  }

  @Test
  void aDateWithOneRowRanksInTheMiddle() {
    assertThat(PerDateLabels.centredRanks(new double[] {0.7})).containsExactly(0.0);
    assertThat(PerDateLabels.centredRanks(new double[] {2, 1})).containsExactly(0.5, -0.5);
  }
}
