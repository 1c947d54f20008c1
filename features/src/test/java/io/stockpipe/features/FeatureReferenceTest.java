package io.stockpipe.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.features.registry.FeatureRegistry;
import io.stockpipe.ingest.IngestOptions;
import io.stockpipe.ingest.IngestService;
import io.stockpipe.ingest.csv.CsvPathSource;
import io.stockpipe.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every feature Spark computes equals the plain-Java reference of its registry entry, and the job's
 * plan (rolling aggregates over running frames) equals the registry's SQL as written to the bit.
 *
 * <p>Both run feature set v2, which holds v1's definitions unchanged and adds to them. The sliding
 * plan, slow by design, runs on every v2 feature over the random series (gaps, close-only bars and
 * ties included) and on v1's over the real ones, as it did before v2.
 */
@ExtendWith(PostgresExtension.class)
class FeatureReferenceTest {

  @Test
  void everyFeatureMatchesTheReferenceOnRandomSeries(Database database) {
    FeatureFixture fixture = new FeatureFixture(database, FeatureRegistry.V2);
    LocalDate start = LocalDate.of(2020, 1, 1);
    List<SyntheticBars.Bar> bars = new ArrayList<>();
    bars.addAll(SyntheticBars.gbm("AAA", start, 160, 1));
    // Gaps: every 17th bar missing, so windows span more calendar days than rows.
    List<SyntheticBars.Bar> gappy = new ArrayList<>(SyntheticBars.gbm("BBB", start, 180, 2));
    for (int row = gappy.size() - 1; row > 0; row -= 17) {
      gappy.remove(row);
    }
    bars.addAll(gappy);
    // A close-only bar and a bar without open, as in the real data.
    List<SyntheticBars.Bar> partial = new ArrayList<>(SyntheticBars.gbm("CCC", start, 200, 3));
    partial.set(90, partial.get(90).closeOnly());
    partial.set(150, partial.get(150).withoutOpen());
    bars.addAll(partial);
    // Prices on a coarse grid and volume in round lots: ties for ranks, quantiles and the
    // extremes' positions, flat windows for R² and correlations, zero-volume days.
    bars.addAll(SyntheticBars.onGrid(SyntheticBars.gbm("DDD", start, 120, 4), 0.01));
    fixture.insert(bars);

    fixture.build(FeatureRequest.all());

    ReferenceCheck check = new ReferenceCheck(fixture.registry());
    Map<FeatureFixture.Key, Double[]> stored = fixture.features(fixture.rawVersion());
    Map<LocalDate, Double> market = fixture.marketReturns();
    for (String symbol : List.of("AAA", "BBB", "CCC", "DDD")) {
      check.check(fixture.series(symbol, market), stored);
    }
    assertThat(stored).hasSize(bars.size());
    assertThat(check.firstMismatches()).isEmpty();
    assertThat(check.nonNullValues).isGreaterThan(check.valuesCompared / 2);
    FeatureFixture.PlanComparison plans = fixture.comparePlans();
    assertThat(plans.differences()).isEmpty();
    assertThat(plans.nonNullValues()).isEqualTo(check.nonNullValues);
  }

  @Test
  void everyFeatureMatchesTheReferenceOnRealSymbols(Database database, @TempDir Path copies)
      throws IOException {
    Path prices =
        Path.of(System.getProperty("stockpipe.shared.data", "../../shared/data")).resolve("prices");
    Assumptions.assumeTrue(Files.isDirectory(prices), "shared data not present: " + prices);
    // DHR and O: gaps, close-only bars and a bar without open; LNT: a bad bar that ingest refuses;
    // AAPL: a split in the history; APTV: 44 bars, fewer than the longest window.
    List<String> symbols = List.of("AAPL", "APTV", "DHR", "LNT", "O");
    for (String symbol : symbols) {
      Files.copy(prices.resolve(symbol + ".csv"), copies.resolve(symbol + ".csv"));
    }
    new IngestService(database.dataSource(), Clock.systemUTC())
        .ingest(new CsvPathSource(copies), IngestOptions.defaults(), Progress.silent());
    FeatureFixture fixture = new FeatureFixture(database, FeatureRegistry.V2);

    FeatureSummary summary = fixture.build(FeatureRequest.all());

    ReferenceCheck check = new ReferenceCheck(fixture.registry());
    Map<FeatureFixture.Key, Double[]> stored = fixture.features(fixture.rawVersion());
    Map<LocalDate, Double> market = fixture.marketReturns();
    for (String symbol : symbols) {
      check.check(fixture.series(symbol, market), stored);
    }
    assertThat(summary.featureRows()).isEqualTo(fixture.count("SELECT count(*) FROM price_bar"));
    assertThat(summary.symbols()).isEqualTo(symbols.size());
    assertThat(check.firstMismatches()).isEmpty();
    assertThat(check.valuesCompared)
        .isEqualTo(summary.featureRows() * fixture.registry().features().size());
    FeatureFixture.PlanComparison plans = fixture.comparePlans(FeatureRegistry.V1);
    assertThat(plans.differences()).isEmpty();
    assertThat(plans.nonNullValues())
        .isEqualTo(check.nonNullValuesOfFirst(FeatureRegistry.V1.features().size()));
    System.out.printf(
        "real data: %,d values compared, %,d non-null; %s%n",
        check.valuesCompared, check.nonNullValues, summary.describe());
  }
}
