package io.stockpipe.model.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.calendar.MarketHoliday;
import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.network.Target;
import io.stockpipe.model.samples.FeatureHistory;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Target dates count the label horizon in the calendar's trading days. */
class PredictionsTest {
  private static final LocalDate CHRISTMAS_EVE = LocalDate.of(2024, 12, 24);

  @Test
  void aFiveDayHorizonSkipsChristmasNewYearsDayAndTheWeekend() {
    // 12-26, 12-27, 12-30, 12-31, 01-02: five trading days; five weekdays would end on 12-31.
    assertThat(targetDate(Label.FORWARD_RETURN_5D, TradingCalendar.nyse()))
        .isEqualTo(LocalDate.of(2025, 1, 2));
    assertThat(targetDate(Label.NEXT_RETURN_1D, TradingCalendar.nyse()))
        .isEqualTo(LocalDate.of(2024, 12, 26));
  }

  @Test
  void theCalendarsOverridesMoveTheTarget() {
    TradingCalendar openOnChristmas =
        TradingCalendar.nyse()
            .withOverrides(
                List.of(
                    MarketHoliday.openedAnyway(
                        "XNYS", LocalDate.of(2024, 12, 25), "opened for a test")));
    assertThat(targetDate(Label.NEXT_RETURN_1D, openOnChristmas))
        .isEqualTo(LocalDate.of(2024, 12, 25));
  }

  private static LocalDate targetDate(Label label, TradingCalendar calendar) {
    FeatureHistory history =
        FeatureHistory.of(
            List.of("A", "B"),
            List.of(CHRISTMAS_EVE, CHRISTMAS_EVE),
            new float[][] {{1f}, {2f}},
            new float[] {0f, 0f});
    List<PredictionRow> rows =
        Predictions.rank(
            1L,
            Target.REGRESSION,
            label,
            history,
            new int[] {0, 1},
            new double[] {0.01, 0.02},
            calendar);
    assertThat(rows).extracting(PredictionRow::symbol).containsExactly("B", "A");
    assertThat(rows).extracting(PredictionRow::targetDate).containsOnly(rows.get(0).targetDate());
    return rows.get(0).targetDate();
  }
}
