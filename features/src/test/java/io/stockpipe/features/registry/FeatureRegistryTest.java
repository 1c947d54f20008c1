package io.stockpipe.features.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.errors.BadInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureRegistryTest {
  private final FeatureRegistry registry = FeatureRegistry.V1;

  @Test
  void holdsTheFamiliesTheIssueAsksForWithUniqueNames() {
    assertThat(registry.features()).hasSizeGreaterThanOrEqualTo(30);
    assertThat(registry.featureNames()).doesNotHaveDuplicates();
    assertThat(registry.featureNames())
        .contains(
            "ret_1",
            "ret_5",
            "ret_10",
            "ret_20",
            "ret_60",
            "log_ret_1",
            "close_ma_5",
            "close_ma_10",
            "close_ma_20",
            "close_ma_60",
            "vol_5",
            "vol_20",
            "vol_60",
            "hl_range",
            "kmid",
            "klen",
            "kup",
            "klow",
            "rsi_14",
            "macd",
            "macd_signal",
            "macd_hist",
            "boll_pctb_20",
            "rsv_20",
            "volume_z_20",
            "volume_ma_ratio_20",
            "corr_ret_volume_20",
            "up_ratio_20");
  }

  @Test
  void v1IsTheFeatureSetThatModelsWereTrainedOn() {
    // A model predicts with the feature set it was trained on, by this version: V1 must not move.
    assertThat(FeatureRegistry.V1.version()).isEqualTo("v1-26bec53bf3d2");
    assertThat(FeatureRegistry.V1.features()).hasSize(35);
    assertThat(FeatureRegistry.V1.readsMarket()).isFalse();
    assertThat(FeatureRegistry.DEFAULT).isSameAs(FeatureRegistry.V1);
  }

  @Test
  void v2KeepsV1AndAddsTheAlpha158FamiliesAndTheMarket() {
    FeatureRegistry v2 = FeatureRegistry.V2;
    assertThat(v2.version()).matches("v2-[0-9a-f]{12}");
    assertThat(v2.featureNames().subList(0, 35)).isEqualTo(FeatureRegistry.V1.featureNames());
    assertThat(v2.features().subList(0, 35))
        .extracting(FeatureDefinition::canonicalText)
        .isEqualTo(
            FeatureRegistry.V1.features().stream().map(FeatureDefinition::canonicalText).toList());
    for (String family :
        List.of(
            "beta", "rsqr", "resi", "qtlu", "qtld", "rank", "imax", "imin", "imxd", "corr", "cord",
            "cntp", "cntn", "cntd", "sump", "sumn", "sumd", "vma", "vstd", "wvma", "vsump", "vsumn",
            "vsumd")) {
      for (int window : new int[] {5, 10, 20, 30, 60}) {
        assertThat(v2.featureNames()).contains(family + "_" + window);
      }
    }
    assertThat(v2.featureNames())
        .contains(
            "excess_ret_1",
            "excess_ret_mean_5",
            "excess_ret_mean_20",
            "mkt_beta_20",
            "mkt_beta_60",
            "mkt_resid_20",
            "mkt_resid_60");
    assertThat(v2.features()).hasSize(35 + 23 * 5 + 7);
    assertThat(v2.readsMarket()).isTrue();
    assertThat(v2.maxWindowRows()).isEqualTo(FeatureRegistry.V1.maxWindowRows());
  }

  @Test
  void featureSetsAreFoundByNameAndByStoredVersion() {
    assertThat(FeatureRegistry.named("v2")).isSameAs(FeatureRegistry.V2);
    assertThat(FeatureRegistry.named(" V1 ")).isSameAs(FeatureRegistry.V1);
    assertThatThrownBy(() -> FeatureRegistry.named("v3"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("[v1, v2]");
    assertThat(FeatureRegistry.ofVersion(FeatureRegistry.V2.version()))
        .contains(FeatureRegistry.V2);
    assertThat(FeatureRegistry.ofVersion(FeatureRegistry.V1.version() + "-rank"))
        .contains(FeatureRegistry.V1);
    assertThat(FeatureRegistry.ofVersion("v1-000000000000")).isEmpty();
    assertThat(FeatureRegistry.ofVersion(null)).isEmpty();
  }

  @Test
  void versionIsTheShortNameAndTheHashOfEveryDefinition() {
    assertThat(registry.version()).matches("v1-[0-9a-f]{12}");
    assertThat(registry.hash()).hasSize(64).startsWith(registry.version().substring(3));
    assertThat(new FeatureRegistry("v1", registry.series(), registry.features()).hash())
        .isEqualTo(registry.hash());
    for (FeatureDefinition feature : registry.features()) {
      assertThat(registry.canonicalText()).contains(feature.canonicalText());
    }
  }

  @Test
  void changingOneFormulaChangesTheVersion() {
    List<FeatureDefinition> changed = new ArrayList<>(registry.features());
    FeatureDefinition first = changed.get(0);
    changed.set(
        0,
        new FeatureDefinition(
            first.name(),
            first.family(),
            first.windowRows(),
            first.formula(),
            first.description(),
            first.sql() + " + 0D",
            first.reference()));
    assertThat(new FeatureRegistry("v1", registry.series(), changed).version())
        .isNotEqualTo(registry.version());
  }

  @Test
  void refusesTwoFeaturesOfOneName() {
    List<FeatureDefinition> twice = new ArrayList<>(registry.features());
    twice.add(registry.features().get(3));
    assertThatThrownBy(() -> new FeatureRegistry("v1", registry.series(), twice))
        .hasMessageContaining("two features or series are called " + twice.get(3).name());
  }

  @Test
  void emaWindowsKeepNinetyNinePercentOfTheWeight() {
    assertThat(Ema.rows(Ema.alphaForSpan(12))).isEqualTo(28);
    assertThat(Ema.rows(Ema.alphaForSpan(26))).isEqualTo(60);
    assertThat(Ema.rows(Ema.alphaForSpan(9))).isEqualTo(21);
    assertThat(Ema.rows(Ema.alphaForWilder(14))).isEqualTo(63);
    // MACD signal: 60 rows for the slow EMA, then 21 of those lines.
    assertThat(registry.maxWindowRows()).isEqualTo(80);
  }

  @Test
  void sqlLiteralsAreDoublesThatParseBackExactly() {
    double third = 1.0 / 3;
    assertThat(Sql.literal(third)).endsWith("D");
    assertThat(Double.parseDouble(Sql.literal(third).replace("D", ""))).isEqualTo(third);
  }
}
