package io.stockpipe.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stockpipe.errors.BadInputException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every expected value below is worked out by hand in the comment beside it. */
class PredictionMetricsTest {
  private static final double TOLERANCE = 1e-12;
  private static final LocalDate DAY_A = LocalDate.of(2024, 1, 2);
  private static final LocalDate DAY_B = LocalDate.of(2024, 1, 3);
  private static final LocalDate DAY_FEW_SYMBOLS = LocalDate.of(2024, 1, 4);
  private static final LocalDate DAY_CONSTANT = LocalDate.of(2024, 1, 5);

  @Test
  void pearsonOfASmallSample() {
    // means 3 and 4; deviations (-2,-1,0,1,2) and (-2,0,1,0,1): cov 6, var 10 and 6.
    assertThat(
            Correlations.pearson(new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 5, 4, 5})
                .getAsDouble())
        .isCloseTo(6 / Math.sqrt(60), within(TOLERANCE));
  }

  @Test
  void pearsonIsUndefinedWithoutVariance() {
    assertThat(Correlations.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})).isEmpty();
    assertThat(Correlations.pearson(new double[] {1, 2, 3}, new double[] {4, 4, 4})).isEmpty();
  }

  @Test
  void tiedValuesShareTheirAverageRank() {
    assertThat(Correlations.averageRanks(new double[] {2, 4, 5, 4, 5}))
        .containsExactly(1, 2.5, 4.5, 2.5, 4.5);
    assertThat(Correlations.averageRanks(new double[] {3, 3, 3})).containsExactly(2, 2, 2);
    assertThat(Correlations.averageRanks(new double[] {-1, 7, 0})).containsExactly(1, 3, 2);
  }

  @Test
  void directionalAccuracySkipsRowsWithoutADirection() {
    List<Prediction> rows =
        List.of(
            row("A", DAY_A, 1, 2), // hit
            row("B", DAY_A, -1, 0.5), // miss
            row("C", DAY_A, 0, 1), // no predicted direction: skipped
            row("D", DAY_A, 2, 0), // nothing moved: skipped
            row("E", DAY_A, -3, -1)); // hit
    assertThat(PredictionMetrics.directionalAccuracy(rows)).isCloseTo(2.0 / 3, within(TOLERANCE));
  }

  @Test
  void rmseOverAllRows() {
    // errors 1, -1, 2, 0: mean square 6/4.
    List<Prediction> rows =
        List.of(
            row("A", DAY_A, 1, 0),
            row("B", DAY_A, 0, 1),
            row("C", DAY_B, 3, 1),
            row("D", DAY_B, 5, 5));
    assertThat(PredictionMetrics.rmse(rows)).isCloseTo(Math.sqrt(1.5), within(TOLERANCE));
  }

  @Test
  void tStatOfDailyValues() {
    // mean 0.2, sample stdev 0.1, t = 0.2 / (0.1 / sqrt 3).
    DailyCorrelation daily = DailyCorrelation.of(new double[] {0.1, 0.2, 0.3});
    assertThat(daily.mean()).isCloseTo(0.2, within(TOLERANCE));
    assertThat(daily.tStat()).isCloseTo(2 * Math.sqrt(3), within(TOLERANCE));
    assertThat(daily.days()).isEqualTo(3);
    assertThat(DailyCorrelation.of(new double[] {0.4}).tStat()).isNull();
    assertThat(DailyCorrelation.of(new double[] {0.4, 0.4}).tStat()).isNull();
    assertThat(DailyCorrelation.of(new double[0]).mean()).isNull();
  }

  @Test
  void dailyIcAndRankIcSkipThinAndConstantDays() {
    List<Prediction> rows = new ArrayList<>();
    // Day A: Pearson 6/sqrt(60) (above); ranks of actual (1, 2.5, 4.5, 2.5, 4.5) against 1..5:
    // deviations (-2,-.5,1.5,-.5,1.5) give cov 7, var 10 and 9, Spearman 7/sqrt(90).
    addDay(rows, DAY_A, new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 5, 4, 5});
    // Day B, ties in the prediction: mean 1.8, deviations (-.8,-.8,.2,.2,1.2) against (-2..2):
    // cov 5, var 2.8 and 10, Pearson 5/sqrt(28); ranks (1.5,1.5,3.5,3.5,5): cov 9, var 9 and 10.
    addDay(rows, DAY_B, new double[] {1, 1, 2, 2, 3}, new double[] {1, 2, 3, 4, 5});
    // Four symbols: too few for a correlation.
    addDay(rows, DAY_FEW_SYMBOLS, new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 4});
    // A constant prediction has no variance: no correlation that day.
    addDay(rows, DAY_CONSTANT, new double[] {1, 1, 1, 1, 1}, new double[] {1, -2, 3, 4, 5});

    EvaluationMetrics metrics = PredictionMetrics.evaluate(rows);

    double icA = 6 / Math.sqrt(60);
    double icB = 5 / Math.sqrt(28);
    assertThat(metrics.ic().days()).isEqualTo(2);
    assertThat(metrics.ic().mean()).isCloseTo((icA + icB) / 2, within(TOLERANCE));
    // Two days a and b: stdev |a-b|/sqrt 2, so t = ((a+b)/2) / (|a-b|/2) = (a+b)/|a-b|.
    assertThat(metrics.ic().tStat()).isCloseTo((icA + icB) / (icB - icA), within(TOLERANCE));
    assertThat(metrics.rankIc().days()).isEqualTo(2);
    assertThat(metrics.rankIc().mean()).isCloseTo(8 / Math.sqrt(90), within(TOLERANCE));
    assertThat(metrics.rankIc().tStat()).isCloseTo(8, within(TOLERANCE));
    assertThat(metrics.testRows()).isEqualTo(19);
    assertThat(metrics.testDays()).isEqualTo(4);
    // Every prediction is positive; actuals are positive except the -2 of the constant day.
    assertThat(metrics.directionalAccuracy()).isCloseTo(18.0 / 19, within(TOLERANCE));
  }

  @Test
  void aConstantZeroPredictorHasNoDirectionAndNoIc() {
    List<Prediction> rows = new ArrayList<>();
    addDay(rows, DAY_A, new double[] {0, 0, 0, 0, 0}, new double[] {1, -2, 0, 2, 1});
    addDay(rows, DAY_B, new double[] {0, 0, 0, 0, 0}, new double[] {3, 1, 1, 1, 1});

    EvaluationMetrics metrics = PredictionMetrics.evaluate(rows);

    assertThat(metrics.directionalAccuracy()).isNull();
    assertThat(metrics.ic()).isEqualTo(new DailyCorrelation(null, null, 0));
    assertThat(metrics.rankIc()).isEqualTo(new DailyCorrelation(null, null, 0));
    // squares 1+4+0+4+1 + 9+1+1+1+1 = 23 over 10 rows.
    assertThat(metrics.rmse()).isCloseTo(Math.sqrt(2.3), within(TOLERANCE));
    assertThat(metrics.byMetric())
        .containsEntry(Metric.IC_MEAN, null)
        .containsEntry(Metric.TEST_ROWS, 10.0)
        .containsEntry(Metric.TEST_DAYS, 2.0)
        .containsEntry(Metric.IC_DAYS, 0.0);
  }

  @Test
  void refusesNothingToEvaluateAndNonFiniteValues() {
    assertThatThrownBy(() -> PredictionMetrics.evaluate(List.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no predictions");
    assertThatThrownBy(() -> row("ABC", DAY_A, Double.NaN, 1))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("ABC")
        .hasMessageContaining("2024-01-02");
  }

  private static void addDay(
      List<Prediction> rows, LocalDate date, double[] predicted, double[] actual) {
    for (int i = 0; i < predicted.length; i++) {
      rows.add(row("S" + i, date, predicted[i], actual[i]));
    }
  }

  private static Prediction row(String symbol, LocalDate date, double predicted, double actual) {
    return new Prediction(symbol, date, predicted, actual);
  }
}
