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
            Sql.correlation("x", "y", 20));
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
    for (SeriesDefinition series : FeatureRegistry.V1.series()) {
      if (SLIDING.matcher(frames.rewrite(series.sql())).find()) {
        sliding.add(series.name());
      }
    }
    for (FeatureDefinition feature : FeatureRegistry.V1.features()) {
      if (SLIDING.matcher(frames.rewrite(feature.sql())).find()) {
        sliding.add(feature.name());
      }
    }
    assertThat(sliding).isEmpty();
    assertThat(frames.functionCount()).isGreaterThan(10);
  }

  @Test
  void maxAndMinOrderDoublesAsSparkDoes() {
    RunningFrames.Last max = new RunningFrames.Last(RunningFrames.Kind.MAX, 3, 0);
    RunningFrames.Last min = new RunningFrames.Last(RunningFrames.Kind.MIN, 3, 0);
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

  private static RunningFrames.Window fed(RunningFrames.Last function, Double... values) {
    RunningFrames.Window window = function.zero();
    for (Double value : values) {
      window = function.reduce(window, value);
    }
    return window;
  }
}
