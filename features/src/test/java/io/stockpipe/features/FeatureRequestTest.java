package io.stockpipe.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.spark.SparkSettings;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureRequestTest {

  @Test
  void aRangeNeedsBothEndsInOrder() {
    assertThatThrownBy(
            () ->
                new FeatureRequest(
                    LocalDate.of(2020, 1, 1),
                    null,
                    List.of(),
                    Normalisation.NONE,
                    SparkSettings.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--from and --to");
    assertThatThrownBy(
            () -> FeatureRequest.between(LocalDate.of(2020, 2, 1), LocalDate.of(2020, 1, 1)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--from 2020-02-01 is after --to 2020-01-01");
  }

  @Test
  void symbolsMustBeTickersBecauseTheyGoIntoSql() {
    assertThatThrownBy(() -> FeatureRequest.all().withSymbols(List.of("X'; DROP TABLE x; --")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is not a ticker");
    assertThat(FeatureRequest.all().withSymbols(List.of("BRK.B")).symbols())
        .containsExactly("BRK.B");
  }

  @Test
  void describesItselfForTheLog() {
    assertThat(
            FeatureRequest.between(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 31))
                .withSpark(SparkSettings.defaults().withMaster("spark://host:7077"))
                .describe())
        .isEqualTo(
            "2020-01-01..2020-01-31, all symbols, normalisation none, spark spark://host:7077");
  }

  @Test
  void normalisationParsesItsLabels() {
    assertThat(Normalisation.parse("ZScore")).isEqualTo(Normalisation.ZSCORE);
    assertThatThrownBy(() -> Normalisation.parse("minmax"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("none, rank, zscore");
  }
}
