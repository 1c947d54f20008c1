package io.stockpipe.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.features.registry.FeatureRegistry;
import io.stockpipe.features.spark.CrossSection;
import io.stockpipe.spark.SparkSessions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-date normalisation across symbols, checked value by value against the raw features of the
 * same date, and stored as a feature set version of its own.
 */
@ExtendWith(PostgresExtension.class)
class CrossSectionalTest {
  private static final int SYMBOLS = 6;
  private static final int FEATURES = FeatureRegistry.V1.features().size();

  /** The raw values of one feature on one date, over all symbols (nulls left out). */
  private static List<Double> sameDate(
      Map<FeatureFixture.Key, Double[]> raw, LocalDate date, int feature) {
    List<Double> values = new ArrayList<>();
    raw.forEach(
        (key, row) -> {
          if (key.date().equals(date) && row[feature] != null) {
            values.add(row[feature]);
          }
        });
    return values;
  }

  @Test
  void ranksAndZScoresFollowTheirDefinitionOnEveryDate(Database database) {
    FeatureFixture fixture = new FeatureFixture(database);
    List<SyntheticBars.Bar> bars = new ArrayList<>();
    for (int i = 0; i < SYMBOLS; i++) {
      bars.addAll(SyntheticBars.gbm("X" + i, LocalDate.of(2020, 6, 1), 90 - 5 * i, 40 + i));
    }
    fixture.insert(bars);
    fixture.build(FeatureRequest.all());
    FeatureSummary rank = fixture.build(FeatureRequest.all().withNormalisation(Normalisation.RANK));
    FeatureSummary zscore =
        fixture.build(FeatureRequest.all().withNormalisation(Normalisation.ZSCORE));

    assertThat(rank.featureSetVersion()).isEqualTo(fixture.rawVersion() + "-rank");
    assertThat(zscore.featureSetVersion()).isEqualTo(fixture.rawVersion() + "-zscore");
    Map<FeatureFixture.Key, Double[]> raw = fixture.features(fixture.rawVersion());
    Map<FeatureFixture.Key, Double[]> ranks = fixture.features(rank.featureSetVersion());
    Map<FeatureFixture.Key, Double[]> scores = fixture.features(zscore.featureSetVersion());
    assertThat(ranks.keySet()).isEqualTo(raw.keySet());
    assertThat(scores.keySet()).isEqualTo(raw.keySet());
    long checked = 0;
    for (Map.Entry<FeatureFixture.Key, Double[]> row : raw.entrySet()) {
      for (int f = 0; f < FEATURES; f++) {
        Double value = row.getValue()[f];
        Double rankValue = ranks.get(row.getKey())[f];
        Double score = scores.get(row.getKey())[f];
        List<Double> others = sameDate(raw, row.getKey().date(), f);
        if (value == null || others.size() < 2) {
          assertThat(rankValue).as("rank of a lone or missing value").isNull();
          continue;
        }
        // Lowest rank among ties: the share of the date's values strictly below this one.
        double below = others.stream().filter(other -> other < value).count();
        assertThat(rankValue).isEqualTo(below / (others.size() - 1));
        assertThat(rankValue).isBetween(0.0, 1.0);
        double mean = others.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sd =
            Math.sqrt(
                others.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / others.size());
        // Equal values have no spread; their two-pass sd need not be 0 (the mean may round).
        boolean constant = others.stream().distinct().count() == 1;
        Double expected = constant ? null : (value - mean) / sd;
        assertThat(ReferenceCheck.close(expected, score))
            .as("z-score %s of %s on %s: expected %s", score, f, row.getKey(), expected)
            .isTrue();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(raw.size() * FEATURES / 2);
  }

  @Test
  void aDateOfEqualValuesHasNoZScoreWhateverTheRounding() {
    SparkSession spark = SparkSessions.getOrCreate(FeatureFixture.SPARK);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // 0.2 six times: the mean is 0.20000000000000004, the value minus it is not 0
      rows.add(RowFactory.create("X" + i, java.sql.Date.valueOf("2020-06-01"), 0.2, 0.1 * i));
    }
    StructType schema =
        new StructType()
            .add("symbol", DataTypes.StringType)
            .add("trade_date", DataTypes.DateType)
            .add("flat", DataTypes.DoubleType)
            .add("spread", DataTypes.DoubleType);
    List<Row> scores =
        CrossSection.normalise(
                spark.createDataFrame(rows, schema),
                List.of("flat", "spread"),
                Normalisation.ZSCORE)
            .orderBy("symbol")
            .collectAsList();
    assertThat(scores).extracting(row -> row.getAs("flat")).containsOnlyNulls();
    assertThat(scores).extracting(row -> row.getAs("spread")).doesNotContainNull();
  }

  @Test
  void normalisingASubsetOfSymbolsIsRefused() {
    assertThatThrownBy(
            () ->
                FeatureRequest.all()
                    .withSymbols(List.of("X1"))
                    .withNormalisation(Normalisation.RANK))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("all symbols of a date");
  }
}
