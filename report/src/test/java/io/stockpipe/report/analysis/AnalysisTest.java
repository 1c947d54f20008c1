package io.stockpipe.report.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The report's summaries on numbers small enough to work out by hand. */
class AnalysisTest {
  private static final LocalDate D1 = LocalDate.of(2025, 6, 2);
  private static final LocalDate D2 = LocalDate.of(2025, 6, 3);
  private static final LocalDate D3 = LocalDate.of(2025, 6, 4);

  @Test
  void longShortCompoundsAndDrawsDownFromThePeak() {
    // +10%, -20%, +5%: wealth 1.10, 0.88, 0.924; peak 1.10, so drawdowns 0, -0.2, -0.16.
    Table curves = LongShortCurves.of(scorecard(new Double[] {0.10, -0.20, 0.05}, null));
    assertThat(curves.doubleColumn("cumulative_return").asDoubleArray())
        .containsExactly(new double[] {0.10, -0.12, -0.076}, within(1e-12));
    assertThat(curves.doubleColumn("drawdown").asDoubleArray())
        .containsExactly(new double[] {0.0, -0.2, -0.16}, within(1e-12));
    assertThat(LongShortCurves.maxDrawdown(curves, "m")).isCloseTo(-0.2, within(1e-12));
  }

  @Test
  void aDateWithoutALongShortAddsNothing() {
    Table curves = LongShortCurves.of(scorecard(new Double[] {0.10, null, 0.10}, null));
    assertThat(curves.rowCount()).isEqualTo(2);
    assertThat(curves.doubleColumn("cumulative_return").getDouble(1))
        .isCloseTo(0.21, within(1e-12));
  }

  @Test
  void icStatisticsAreMeanOverStandardErrorAndDeviation() {
    // Rank IC 0.1, 0.2, 0.3: mean 0.2, sample sd 0.1, t = 0.2 / (0.1 / sqrt 3) = 3.4641, IR 2.
    Table scorecard = scorecard(new Double[] {0.01, 0.02, 0.03}, new Double[] {0.1, 0.2, 0.3});
    Table summary = IcStatistics.of(scorecard, LongShortCurves.of(scorecard));
    assertThat(summary.rowCount()).isEqualTo(1);
    assertThat(summary.intColumn("days").get(0)).isEqualTo(3);
    assertThat(summary.doubleColumn("mean_rank_ic").get(0)).isCloseTo(0.2, within(1e-12));
    assertThat(summary.doubleColumn("rank_ic_t_stat").get(0))
        .isCloseTo(2 * Math.sqrt(3), within(1e-9));
    assertThat(summary.doubleColumn("rank_ic_ir").get(0)).isCloseTo(2.0, within(1e-9));
    // 1.01 * 1.02 * 1.03 - 1
    assertThat(summary.doubleColumn("cumulative_long_short").get(0))
        .isCloseTo(0.061106, within(1e-12));
  }

  @Test
  void decileMeansSkipUnknownReturnsAndTellMonotone() {
    Table history =
        Table.create(
            "history",
            IntColumn.create("decile", new int[] {1, 1, 2, 2, 3}),
            DoubleColumn.create("realised_return", new Double[] {-0.02, 0.0, 0.01, null, 0.03}));
    Table deciles = DecileReturns.of(history);
    assertThat(deciles.intColumn("decile").asList()).containsExactly(1, 2, 3);
    assertThat(deciles.doubleColumn("mean_return").asDoubleArray())
        .containsExactly(new double[] {-0.01, 0.01, 0.03}, within(1e-12));
    assertThat(deciles.doubleColumn("predictions").asDoubleArray())
        .containsExactly(1.0 * 2, 1.0, 1.0);
    assertThat(DecileReturns.monotone(deciles)).isTrue();
    deciles.doubleColumn("mean_return").set(2, 0.0);
    assertThat(DecileReturns.monotone(deciles)).isFalse();
  }

  @Test
  void turnoverIsTheNewShareOfTheTopDecileAndAutocorrelationIsSpearman() {
    assertThat(RankStability.turnover(Set.of("A", "B"), Set.of("B", "C"))).isEqualTo(0.5);
    assertThat(RankStability.turnover(Set.of("A"), Set.of("A"))).isZero();
    // Same order: 1; reversed: -1; ties share their mean rank.
    assertThat(
            RankStability.spearman(
                Map.of("A", 1.0, "B", 2.0, "C", 3.0), Map.of("A", 10.0, "B", 20.0, "C", 30.0)))
        .isCloseTo(1.0, within(1e-12));
    assertThat(
            RankStability.spearman(
                Map.of("A", 1.0, "B", 2.0, "C", 3.0), Map.of("A", 3.0, "B", 2.0, "C", 1.0)))
        .isCloseTo(-1.0, within(1e-12));
    assertThat(RankStability.ranks(new double[] {5, 1, 5, 3})).containsExactly(3.5, 1.0, 3.5, 2.0);
    Table history =
        Table.create(
            "history",
            DateColumn.create("as_of_date", new LocalDate[] {D1, D1, D1, D2, D2, D2}),
            StringColumn.create("symbol", "A", "B", "C", "A", "B", "C"),
            IntColumn.create("decile", new int[] {10, 5, 1, 5, 10, 1}),
            DoubleColumn.create("score", new double[] {3, 2, 1, 2, 3, 1}));
    Table stability = RankStability.of(history);
    assertThat(stability.rowCount()).isEqualTo(1);
    assertThat(stability.doubleColumn("top_decile_turnover").get(0)).isEqualTo(1.0);
    // Ranks (3,2,1) then (2,3,1): Pearson of ranks = 0.5.
    assertThat(stability.doubleColumn("rank_autocorrelation").get(0)).isCloseTo(0.5, within(1e-12));
  }

  private static Table scorecard(Double[] longShort, Double[] rankIc) {
    int n = longShort.length;
    LocalDate[] dates = {D1, D2, D3};
    Double[] ranks = rankIc == null ? new Double[n] : rankIc;
    return Table.create(
        "scorecard",
        StringColumn.create("model_name", "m", "m", "m"),
        StringColumn.create("model_kind", "dl4j", "dl4j", "dl4j"),
        DateColumn.create("as_of_date", dates),
        DateColumn.create("target_date", new LocalDate[] {D2, D3, D3.plusDays(1)}),
        DoubleColumn.create("ic", ranks),
        DoubleColumn.create("rank_ic", ranks),
        DoubleColumn.create("hit_rate", new Double[] {0.5, 0.5, 0.5}),
        DoubleColumn.create("long_short_return", longShort));
  }
}
