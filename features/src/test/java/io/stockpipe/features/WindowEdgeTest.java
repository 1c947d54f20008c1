package io.stockpipe.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stockpipe.db.testing.TestDatabase;
import io.stockpipe.features.registry.FeatureDefinition;
import io.stockpipe.features.registry.FeatureRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where windows begin and what they count: NULL until full, trading rows rather than calendar days,
 * and NULL (not an error, not a partial value) around bars without open, high or low. One build,
 * several assertions on it.
 */
class WindowEdgeTest {
  private static final LocalDate START = LocalDate.of(2019, 1, 1);
  private static final List<String> NAMES = FeatureRegistry.V1.featureNames();
  private static final int CLOSE_ONLY_ROW = 100;
  private static final int NO_OPEN_ROW = 130;

  private static List<SyntheticBars.Bar> clean;
  private static List<SyntheticBars.Bar> gappy;
  private static List<SyntheticBars.Bar> partial;
  private static Map<FeatureFixture.Key, Double[]> features;

  @BeforeAll
  static void buildOnce() {
    TestDatabase.reset();
    FeatureFixture fixture = new FeatureFixture(TestDatabase.get());
    clean = SyntheticBars.gbm("CLEAN", START, 120, 21);
    gappy = new ArrayList<>(SyntheticBars.gbm("GAPPY", START, 140, 22));
    // A week of missing bars (as ES in March 2015), then single missing days.
    gappy.subList(60, 65).clear();
    gappy.remove(80);
    gappy.remove(90);
    partial = new ArrayList<>(SyntheticBars.gbm("PARTIAL", START, 160, 23));
    partial.set(CLOSE_ONLY_ROW, partial.get(CLOSE_ONLY_ROW).closeOnly());
    partial.set(NO_OPEN_ROW, partial.get(NO_OPEN_ROW).withoutOpen());
    List<SyntheticBars.Bar> all = new ArrayList<>(clean);
    all.addAll(gappy);
    all.addAll(partial);
    fixture.insert(all);
    fixture.build(FeatureRequest.all());
    features = fixture.features(fixture.rawVersion());
  }

  private static Double feature(SyntheticBars.Bar bar, String name) {
    return features.get(new FeatureFixture.Key(bar.symbol(), bar.date()))[NAMES.indexOf(name)];
  }

  @Test
  void everyFeatureIsNullUntilItsWindowIsFullAndSetFromThen() {
    for (FeatureDefinition definition : FeatureRegistry.V1.features()) {
      int firstFull = definition.windowRows() - 1;
      for (int row = 0; row < firstFull; row++) {
        assertThat(feature(clean.get(row), definition.name()))
            .as("%s at row %d of a %d-row window", definition.name(), row, definition.windowRows())
            .isNull();
      }
      assertThat(feature(clean.get(firstFull), definition.name()))
          .as("%s at row %d, its first full window", definition.name(), firstFull)
          .isNotNull();
    }
  }

  @Test
  void windowsCountTradingRowsAcrossGaps() {
    // Row 60 of the stored series is the first bar after the missing week.
    int afterGap = 60;
    SyntheticBars.Bar bar = gappy.get(afterGap);
    SyntheticBars.Bar previous = gappy.get(afterGap - 1);
    assertThat(bar.date()).isAfter(previous.date().plusDays(5));
    double close = bar.close().doubleValue();
    assertThat(feature(bar, "ret_1"))
        .isCloseTo(close / previous.close().doubleValue() - 1, within(1e-12));
    double sumOfFive = 0;
    for (int row = afterGap - 4; row <= afterGap; row++) {
      sumOfFive += gappy.get(row).close().doubleValue();
    }
    assertThat(feature(bar, "close_ma_5")).isCloseTo(close / (sumOfFive / 5), within(1e-12));
    assertThat(feature(bar, "ret_20"))
        .isCloseTo(close / gappy.get(afterGap - 20).close().doubleValue() - 1, within(1e-12));
  }

  @Test
  void aCloseOnlyBarMakesItsCandleAndHighLowWindowsNullButNothingElse() {
    SyntheticBars.Bar closeOnly = partial.get(CLOSE_ONLY_ROW);
    for (String candle :
        List.of("hl_range", "kmid", "klen", "kmid2", "kup", "kup2", "klow", "klow2", "ksft")) {
      assertThat(feature(closeOnly, candle)).as(candle).isNull();
      assertThat(feature(partial.get(CLOSE_ONLY_ROW + 1), candle)).as(candle).isNotNull();
    }
    // Close-based features carry on through the bar.
    assertThat(feature(closeOnly, "close_ma_20")).isNotNull();
    assertThat(feature(closeOnly, "ret_5")).isNotNull();
    // 20-row high/low windows holding the bar are not full.
    for (int row = CLOSE_ONLY_ROW; row < CLOSE_ONLY_ROW + 20; row++) {
      assertThat(feature(partial.get(row), "rsv_20")).as("rsv_20 at row %d", row).isNull();
      assertThat(feature(partial.get(row), "max_high_20")).isNull();
    }
    assertThat(feature(partial.get(CLOSE_ONLY_ROW + 20), "rsv_20")).isNotNull();
  }

  @Test
  void aBarWithoutOpenKeepsTheFeaturesThatDoNotNeedIt() {
    SyntheticBars.Bar noOpen = partial.get(NO_OPEN_ROW);
    assertThat(feature(noOpen, "hl_range")).isNotNull();
    assertThat(feature(noOpen, "rsv_20")).isNotNull();
    // max(open, close) with open missing is missing, not the close.
    assertThat(feature(noOpen, "kup2")).isNull();
    assertThat(feature(noOpen, "klow2")).isNull();
    assertThat(feature(noOpen, "kmid")).isNull();
  }
}
