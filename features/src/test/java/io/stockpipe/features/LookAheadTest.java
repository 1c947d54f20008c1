package io.stockpipe.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.features.registry.FeatureRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No look-ahead, shown rather than argued: change every bar after a date D and rebuild; no feature
 * of any date up to D may move, to the last bit. On feature set v2, which holds v1's features, and
 * whose market features see every symbol of a date.
 */
@ExtendWith(PostgresExtension.class)
class LookAheadTest {

  @Test
  void changingEveryBarAfterADateLeavesEarlierFeaturesExactlyAsTheyWere(Database database) {
    FeatureFixture fixture = new FeatureFixture(database, FeatureRegistry.V2);
    LocalDate start = LocalDate.of(2021, 3, 1);
    List<SyntheticBars.Bar> bars = new ArrayList<>();
    bars.addAll(SyntheticBars.gbm("LOOK", start, 170, 11));
    bars.addAll(SyntheticBars.gbm("AHEAD", start, 170, 12));
    fixture.insert(bars);
    LocalDate cutoff = bars.get(110).date();

    fixture.build(FeatureRequest.all());
    Map<FeatureFixture.Key, Double[]> before = fixture.features(fixture.rawVersion());

    Random random = new Random(99);
    List<SyntheticBars.Bar> perturbed = new ArrayList<>();
    for (SyntheticBars.Bar bar : bars) {
      perturbed.add(
          bar.date().isAfter(cutoff)
              ? bar.scaled(0.5 + random.nextDouble(), 0.2 + 2 * random.nextDouble())
              : bar);
    }
    fixture.execute("DELETE FROM price_bar");
    fixture.insert(perturbed);
    fixture.build(FeatureRequest.all());
    Map<FeatureFixture.Key, Double[]> after = fixture.features(fixture.rawVersion());

    assertThat(after.keySet()).isEqualTo(before.keySet());
    int unchangedUpToCutoff = 0;
    int changedAfterCutoff = 0;
    for (Map.Entry<FeatureFixture.Key, Double[]> row : before.entrySet()) {
      boolean same = Arrays.equals(row.getValue(), after.get(row.getKey()));
      if (!row.getKey().date().isAfter(cutoff)) {
        assertThat(after.get(row.getKey()))
            .as("features of %s must not see bars after %s", row.getKey(), cutoff)
            .isEqualTo(row.getValue());
        unchangedUpToCutoff++;
      } else if (!same) {
        changedAfterCutoff++;
      }
    }
    assertThat(unchangedUpToCutoff).isEqualTo(2 * 111);
    // The perturbation was real: every later row moved.
    assertThat(changedAfterCutoff).isEqualTo(2 * 59);
  }
}
