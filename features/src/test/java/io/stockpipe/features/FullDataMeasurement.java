package io.stockpipe.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.ingest.IngestOptions;
import io.stockpipe.ingest.IngestService;
import io.stockpipe.ingest.csv.CsvPathSource;
import io.stockpipe.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Not a benchmark, a measurement to know where the time goes on all 558k real bars: {@code ./mvnw
 * -B -pl features -am verify -Dstockpipe.measure=true -Dtest=FullDataMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(PostgresExtension.class)
@EnabledIfSystemProperty(named = "stockpipe.measure", matches = "true")
class FullDataMeasurement {

  @Test
  void buildsEveryRealBar(Database database) {
    Path prices =
        Path.of(System.getProperty("stockpipe.shared.data", "../../shared/data")).resolve("prices");
    Assumptions.assumeTrue(Files.isDirectory(prices), "shared data not present: " + prices);
    new IngestService(database.dataSource(), Clock.systemUTC())
        .ingest(new CsvPathSource(prices), IngestOptions.defaults(), Progress.silent());
    FeatureFixture fixture = new FeatureFixture(database);
    long bars = fixture.count("SELECT count(*) FROM price_bar");

    FeatureSummary first = fixture.build(FeatureRequest.all());
    FeatureSummary again = fixture.build(FeatureRequest.all());
    FeatureSummary dayBefore =
        fixture.build(FeatureRequest.between(LocalDate.of(2018, 2, 6), LocalDate.of(2018, 2, 6)));
    FeatureSummary month =
        fixture.build(FeatureRequest.between(LocalDate.of(2018, 1, 2), LocalDate.of(2018, 1, 31)));
    FeatureSummary day =
        fixture.build(FeatureRequest.between(LocalDate.of(2018, 2, 7), LocalDate.of(2018, 2, 7)));
    FeatureSummary zscore =
        fixture.build(FeatureRequest.all().withNormalisation(Normalisation.ZSCORE));
    FeatureSummary rank = fixture.build(FeatureRequest.all().withNormalisation(Normalisation.RANK));

    assertThat(first.featureRows()).isEqualTo(bars);
    for (FeatureSummary summary :
        new FeatureSummary[] {first, again, dayBefore, month, day, zscore, rank}) {
      System.out.println("MEASURED " + summary.describe());
    }
  }
}
