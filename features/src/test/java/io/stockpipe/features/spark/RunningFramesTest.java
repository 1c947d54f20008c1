package io.stockpipe.features.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.features.registry.Ema;
import io.stockpipe.features.registry.FeatureDefinition;
import io.stockpipe.features.registry.FeatureRegistry;
import io.stockpipe.features.registry.SeriesDefinition;
import io.stockpipe.features.registry.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rewrite matches what {@code Sql} writes, so that a change to either cannot silently send the
 * registry back to sliding frames. That the values stay the same is {@code FeatureReferenceTest}'s
 * part (both plans, every value, random and real series).
 */
class RunningFramesTest {
  private static final Pattern SLIDING = Pattern.compile("ROWS BETWEEN \\d+ PRECEDING");

  @Test
  void everyRollingHelperOfSqlRunsOverTheRunningFrame() {
    RunningFrames frames = new RunningFrames();
    List<String> helpers =
        List.of(
            Sql.mean("x", 20),
            Sql.stdSample("x", 5),
            Sql.stdPopulation("x", 20),
            Sql.max("x", 60),
            Sql.min("x", 10),
            Sql.ema("x", Ema.alphaForSpan(12)),
            Sql.ema("x", Ema.alphaForWilder(14)),
            Sql.correlation("x", "y", 20),
            Sql.centredPositionSum("x", 30),
            Sql.quantile("x", 10, 0.8),
            Sql.percentRank("x", 60),
            Sql.extremePosition("x", 5, true),
            Sql.extremePosition("x", 5, false));
    for (String helper : helpers) {
      String rewritten = frames.rewrite(helper);
      assertThat(rewritten)
          .as(helper)
          .doesNotContainPattern(SLIDING)
          .doesNotContain("count(")
          .contains("ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW");
    }
    assertThat(frames.functionCount()).isEqualTo(helpers.size());
  }

  @Test
  void expressionsAroundTheAggregatesAreKeptAndTheSameWindowIsOneFunction() {
    RunningFrames frames = new RunningFrames();
    String sql = Sql.divide("close - " + Sql.mean("close", 20), Sql.mean("close", 20));

    String rewritten = frames.rewrite(sql);

    String running =
        "stockpipe_last_avg_20(close) OVER (PARTITION BY symbol ORDER BY trade_date"
            + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)";
    assertThat(rewritten).isEqualTo("try_divide(close - " + running + ", " + running + ")");
    assertThat(frames.functionCount()).isEqualTo(1);
  }

  @Test
  void whatMatchesNoPatternRunsAsWritten() {
    RunningFrames frames = new RunningFrames();
    List<String> untouched =
        List.of(
            Sql.lag("close", 5),
            // a guard whose count does not fit its frame is not the rolling shape
            "CASE WHEN count(x) OVER (PARTITION BY symbol ORDER BY trade_date ROWS BETWEEN 4"
                + " PRECEDING AND CURRENT ROW) = 20 THEN avg(x) OVER (PARTITION BY symbol ORDER BY"
                + " trade_date ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) END",
            // nor is a one-row window
            "CASE WHEN count(x) OVER (PARTITION BY symbol ORDER BY trade_date ROWS BETWEEN 0"
                + " PRECEDING AND CURRENT ROW) = 1 THEN max(x) OVER (PARTITION BY symbol ORDER BY"
                + " trade_date ROWS BETWEEN 0 PRECEDING AND CURRENT ROW) END");
    for (String sql : untouched) {
      assertThat(frames.rewrite(sql)).isEqualTo(sql);
    }
    assertThat(frames.functionCount()).isZero();
  }

  @Test
  void noSeriesOrFeatureOfTheRegistryKeepsASlidingFrame() {
    RunningFrames frames = new RunningFrames();
    List<String> sliding = new ArrayList<>();
    for (FeatureRegistry registry : FeatureRegistry.ALL) {
      for (SeriesDefinition series : registry.series()) {
        if (SLIDING.matcher(frames.rewrite(series.sql())).find()) {
          sliding.add(registry.name() + " " + series.name());
        }
      }
      for (FeatureDefinition feature : registry.features()) {
        if (SLIDING.matcher(frames.rewrite(feature.sql())).find()) {
          sliding.add(registry.name() + " " + feature.name());
        }
      }
    }
    assertThat(sliding).isEmpty();
    assertThat(frames.functionCount()).isGreaterThan(10);
  }

  @Test
  void maxAndMinOrderDoublesAsSparkDoes() {
    LastRows.Last max = new LastRows.Last(LastRows.Kind.MAX, 3, 0);
    LastRows.Last min = new LastRows.Last(LastRows.Kind.MIN, 3, 0);
    // NaN is above every number: max is NaN, min skips it
    assertThat(max.finish(fed(max, 1.0, Double.NaN, 2.0))).isNaN();
    assertThat(min.finish(fed(min, 1.0, Double.NaN, 2.0))).isEqualTo(1.0);
    // 0.0 equals -0.0, and the earlier of equal values stays
    assertThat(max.finish(fed(max, -0.0, 0.0, -1.0))).isEqualTo(-0.0);
    assertThat(min.finish(fed(min, 0.0, -0.0, 1.0))).isEqualTo(0.0);
    // not full yet, or a NULL among the last rows: NULL
    assertThat(max.finish(fed(max, 1.0, 2.0))).isNull();
    assertThat(max.finish(fed(max, 1.0, null, 2.0, 3.0))).isNull();
    assertThat(max.finish(fed(max, 1.0, null, 2.0, 3.0, 0.5))).isEqualTo(3.0);
  }

  @Test
  void percentileInterpolatesAsSparkDoes() {
    LastRows.Last upper = new LastRows.Last(LastRows.Kind.QUANTILE, 5, 0.8);
    // sorted 1 2 3 4 10: position 4 * 0.8, between 4 and 10, with Spark's weights
    assertThat(upper.finish(fed(upper, 3.0, 10.0, 1.0, 4.0, 2.0)))
        .isEqualTo((4 - 4 * 0.8) * 4 + (4 * 0.8 - 3) * 10);
    // equal neighbours: the value itself, not an interpolation that could round
    assertThat(upper.finish(fed(upper, 0.1, 0.1, 0.1, 0.1, 0.1))).isEqualTo(0.1);
  }

  @Test
  void rankAndPositionsCountTheCurrentRowAndTheFirstExtreme() {
    LastRows.Last rank = new LastRows.Last(LastRows.Kind.RANK, 4, 0);
    LastRows.Last highest = new LastRows.Last(LastRows.Kind.FIRST_MAX_AT, 4, 0);
    LastRows.Last lowest = new LastRows.Last(LastRows.Kind.FIRST_MIN_AT, 4, 0);
    // 2 below the current 3.0, one other equal to it: (2 + (2 + 1) / 2) / 4
    assertThat(rank.finish(fed(rank, 9.0, 1.0, 3.0, 2.0, 3.0))).isEqualTo(3.5 / 4);
    assertThat(highest.finish(fed(highest, 9.0, 1.0, 5.0, 2.0, 5.0))).isEqualTo(2.0);
    assertThat(lowest.finish(fed(lowest, 0.0, 1.0, 5.0, 1.0, 5.0))).isEqualTo(1.0);
  }

  private static LastRows.Window fed(LastRows.Last function, Double... values) {
    LastRows.Window window = function.zero();
    for (Double value : values) {
      window = function.reduce(window, value);
    }
    return window;
  }
}
