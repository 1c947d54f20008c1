package io.stockpipe.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.features.labels.LabelDefinition;
import io.stockpipe.features.reference.ReferenceSeries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Forward returns go to label_row, counted in trading rows, NULL where the future is unknown. */
@ExtendWith(PostgresExtension.class)
class LabelTest {

  @Test
  void labelsAreForwardReturnsOverTradingRowsInTheirOwnTable(Database database) {
    FeatureFixture fixture = new FeatureFixture(database);
    List<SyntheticBars.Bar> bars =
        new ArrayList<>(SyntheticBars.gbm("LBL", LocalDate.of(2022, 1, 3), 40, 5));
    bars.subList(10, 13).clear();
    fixture.insert(bars);

    fixture.build(FeatureRequest.all());

    Map<FeatureFixture.Key, Double[]> labels = fixture.labels();
    ReferenceSeries series = fixture.series("LBL");
    assertThat(labels).hasSize(series.size());
    for (int row = 0; row < series.size(); row++) {
      Double[] stored = labels.get(new FeatureFixture.Key("LBL", series.date(row)));
      for (int i = 0; i < LabelDefinition.ALL.size(); i++) {
        Double expected = LabelDefinition.ALL.get(i).at(series, row);
        assertThat(ReferenceCheck.close(expected, stored[i]))
            .as(
                "%s at %s: expected %s, stored %s",
                LabelDefinition.ALL.get(i).column(), series.date(row), expected, stored[i])
            .isTrue();
      }
    }
    int last = series.size() - 1;
    Double[] lastRow = labels.get(new FeatureFixture.Key("LBL", series.date(last)));
    assertThat(lastRow).containsOnlyNulls();
    for (int row = last - 4; row < last; row++) {
      Double[] stored = labels.get(new FeatureFixture.Key("LBL", series.date(row)));
      assertThat(stored[0]).isNotNull();
      assertThat(stored[1]).as("5-day label %d rows before the end", last - row).isNull();
    }
    assertThat(labels.get(new FeatureFixture.Key("LBL", series.date(last - 5)))[1]).isNotNull();
    // Across the gap: row 9's next-day label is the bar after the three missing days.
    assertThat(labels.get(new FeatureFixture.Key("LBL", series.date(9)))[0])
        .isEqualTo(series.close(10) / series.close(9) - 1);
  }

  @Test
  void theFeatureTableHoldsNoLabel(Database database) {
    FeatureFixture fixture = new FeatureFixture(database);
    fixture.insert(SyntheticBars.gbm("ONE", LocalDate.of(2022, 1, 3), 10, 6));
    fixture.build(FeatureRequest.all());

    assertThat(
            fixture.count(
                "SELECT count(*) FROM feature_set, unnest(feature_names) AS name"
                    + " WHERE name LIKE '%next%' OR name LIKE '%forward%'"))
        .isZero();
    assertThat(
            fixture.count(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'feature_row'"
                    + " AND column_name LIKE '%return%'"))
        .isZero();
    assertThat(fixture.count("SELECT count(*) FROM label_row")).isEqualTo(10);
  }
}
