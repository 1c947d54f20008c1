package io.stockpipe.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.features.registry.FeatureRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * --from/--to recomputes just those dates, reading only the look-back they need, with the same
 * values as a full rebuild; reruns converge.
 */
@ExtendWith(PostgresExtension.class)
class IncrementalBuildTest {
  private static final LocalDate START = LocalDate.of(2018, 6, 1);

  private static List<SyntheticBars.Bar> threeSymbols() {
    List<SyntheticBars.Bar> bars = new ArrayList<>(SyntheticBars.gbm("INC", START, 200, 31));
    List<SyntheticBars.Bar> gappy = new ArrayList<>(SyntheticBars.gbm("GAP", START, 210, 32));
    gappy.subList(100, 108).clear();
    bars.addAll(gappy);
    // Starts late: its look-back before the range is shorter than the longest window.
    bars.addAll(SyntheticBars.gbm("LATE", START.plusMonths(6), 80, 33));
    return bars;
  }

  private static <V> Map<FeatureFixture.Key, V> between(
      Map<FeatureFixture.Key, V> rows, LocalDate from, LocalDate to) {
    Map<FeatureFixture.Key, V> kept = new TreeMap<>();
    rows.forEach(
        (key, value) -> {
          if (!key.date().isBefore(from) && !key.date().isAfter(to)) {
            kept.put(key, value);
          }
        });
    return kept;
  }

  /** On feature set v2 (v1's features and more): the market return is read for every date. */
  @Test
  void aDateRangeEqualsTheSameDatesOfAFullRebuild(Database database) {
    FeatureFixture fixture = new FeatureFixture(database, FeatureRegistry.V2);
    List<SyntheticBars.Bar> bars = threeSymbols();
    fixture.insert(bars);
    LocalDate from = bars.get(120).date();
    LocalDate to = bars.get(140).date();
    fixture.build(FeatureRequest.all());
    Map<FeatureFixture.Key, Double[]> fullFeatures = fixture.features(fixture.rawVersion());
    Map<FeatureFixture.Key, Double[]> fullLabels = fixture.labels();
    fixture.execute("DELETE FROM feature_row; DELETE FROM label_row");

    FeatureSummary summary = fixture.build(FeatureRequest.between(from, to));

    Map<FeatureFixture.Key, Double[]> features = fixture.features(fixture.rawVersion());
    assertThat(features).isNotEmpty();
    assertThat(features.keySet()).isEqualTo(between(fullFeatures, from, to).keySet());
    features.forEach((key, row) -> assertThat(row).as("%s", key).isEqualTo(fullFeatures.get(key)));
    assertThat(summary.featureRows()).isEqualTo(features.size());
    assertThat(summary.firstDate()).isEqualTo(from);
    assertThat(summary.lastDate()).isEqualTo(to);
    // Labels: the range, and the 5 rows before it per symbol whose forward window reaches into it
    // (INC and GAP; LATE has no bar before the range).
    Map<FeatureFixture.Key, Double[]> labels = fixture.labels();
    labels.forEach((key, row) -> assertThat(row).as("%s", key).isEqualTo(fullLabels.get(key)));
    assertThat(labels.keySet()).containsAll(between(fullLabels, from, to).keySet());
    assertThat(labels.size() - between(fullLabels, from, to).size()).isEqualTo(2 * 5);
  }

  @Test
  void runningARangeTwiceOrInsideAFullBuildChangesNoValue(Database database) {
    FeatureFixture fixture = new FeatureFixture(database);
    List<SyntheticBars.Bar> bars = threeSymbols();
    fixture.insert(bars);
    fixture.build(FeatureRequest.all());
    Map<FeatureFixture.Key, Double[]> full = fixture.features(fixture.rawVersion());
    Map<FeatureFixture.Key, Double[]> fullLabels = fixture.labels();
    FeatureRequest range = FeatureRequest.between(bars.get(150).date(), bars.get(199).date());

    FeatureSummary first = fixture.build(range);
    FeatureSummary second = fixture.build(range);

    assertThat(second.featureRows()).isEqualTo(first.featureRows());
    assertThat(fixture.count("SELECT count(*) FROM feature_row_staging")).isZero();
    assertThat(fixture.count("SELECT count(*) FROM label_row_staging")).isZero();
    assertThat(second.labelRows()).isEqualTo(first.labelRows());
    Map<FeatureFixture.Key, Double[]> after = fixture.features(fixture.rawVersion());
    assertThat(after.keySet()).isEqualTo(full.keySet());
    after.forEach((key, row) -> assertThat(row).as("%s", key).isEqualTo(full.get(key)));
    Map<FeatureFixture.Key, Double[]> labelsAfter = fixture.labels();
    assertThat(labelsAfter.keySet()).isEqualTo(fullLabels.keySet());
    labelsAfter.forEach((key, row) -> assertThat(row).as("%s", key).isEqualTo(fullLabels.get(key)));
  }

  @Test
  void onlyTheRequestedSymbolsAreRewritten(Database database) {
    FeatureFixture fixture = new FeatureFixture(database);
    fixture.insert(threeSymbols());
    fixture.build(FeatureRequest.all());
    String othersBefore = fingerprint(fixture, "symbol <> 'INC'");
    fixture.execute("UPDATE price_bar SET close = close * 1.1 WHERE symbol = 'INC'");

    fixture.build(FeatureRequest.all().withSymbols(List.of("INC")));

    assertThat(fingerprint(fixture, "symbol <> 'INC'")).isEqualTo(othersBefore);
    assertThat(fixture.count("SELECT count(*) FROM feature_row WHERE symbol = 'INC'"))
        .isEqualTo(200);
  }

  @Test
  void newBarsFillTheLabelsOfTheDaysBeforeThem(Database database) {
    FeatureFixture fixture = new FeatureFixture(database);
    List<SyntheticBars.Bar> bars = SyntheticBars.gbm("NEW", START, 103, 34);
    fixture.insert(bars.subList(0, 100));
    fixture.build(FeatureRequest.all());
    FeatureFixture.Key lastKnown = new FeatureFixture.Key("NEW", bars.get(99).date());
    assertThat(fixture.labels().get(lastKnown)).containsOnlyNulls();

    fixture.insert(bars.subList(100, 103));
    fixture.build(FeatureRequest.between(bars.get(100).date(), bars.get(102).date()));
    Map<FeatureFixture.Key, Double[]> incremental = fixture.labels();
    Map<FeatureFixture.Key, Double[]> incrementalFeatures = fixture.features(fixture.rawVersion());
    fixture.build(FeatureRequest.all());

    assertThat(incremental.get(lastKnown)[0]).isNotNull();
    assertThat(incremental).containsOnlyKeys(fixture.labels().keySet());
    fixture.labels().forEach((key, row) -> assertThat(incremental.get(key)).isEqualTo(row));
    fixture
        .features(fixture.rawVersion())
        .forEach((key, row) -> assertThat(incrementalFeatures.get(key)).isEqualTo(row));
  }

  /** Changes when any row is rewritten, even with equal values (xmin: the writing transaction). */
  private static String fingerprint(FeatureFixture fixture, String where) {
    return fixture.count("SELECT count(*) FROM feature_row WHERE " + where)
        + ":"
        + fixture.count(
            "SELECT coalesce(sum(hashtext(f.xmin::text || symbol || trade_date)), 0)"
                + " FROM feature_row f WHERE "
                + where)
        + ":"
        + fixture.count(
            "SELECT coalesce(sum(hashtext(l.xmin::text || symbol || trade_date)), 0)"
                + " FROM label_row l WHERE "
                + where);
  }
}
