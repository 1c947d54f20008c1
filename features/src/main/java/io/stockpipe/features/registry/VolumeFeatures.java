package io.stockpipe.features.registry;

import static io.stockpipe.features.reference.NullableMath.divide;
import static io.stockpipe.features.reference.NullableMath.minus;

import io.stockpipe.features.reference.Rolling;
import java.util.ArrayList;
import java.util.List;

/** Traded volume against its own history, and its relation to price moves. */
final class VolumeFeatures {
  private VolumeFeatures() {}

  static List<FeatureDefinition> all() {
    List<FeatureDefinition> features = new ArrayList<>();
    features.add(
        new FeatureDefinition(
            "volume_z_20",
            "volume",
            20,
            "(volume - mean(volume, 20)) / stddev_samp(volume, 20)",
            "Volume z-score against the last 20 rows.",
            Sql.divide("volume - " + Sql.mean("volume", 20), Sql.stdSample("volume", 20)),
            (s, t) ->
                divide(
                    minus(s.volume(t), Rolling.mean(s::volume, t, 20)),
                    Rolling.stdSample(s::volume, t, 20))));
    for (int rows : new int[] {5, 20}) {
      features.add(
          new FeatureDefinition(
              "volume_ma_ratio_" + rows,
              "volume",
              rows,
              "volume / mean(volume, " + rows + ")",
              "Volume relative to its " + rows + "-row average; NULL if that average is 0.",
              Sql.divide("volume", Sql.mean("volume", rows)),
              (s, t) -> divide(s.volume(t), Rolling.mean(s::volume, t, rows))));
    }
    features.add(
        new FeatureDefinition(
            "corr_ret_volume_20",
            "volume",
            21,
            "corr(return_1d, ln((volume+1)/(volume[t-1]+1)) over 20 rows)",
            "Correlation of price and volume changes (Alpha158 CORD); NULL if either is constant.",
            Sql.correlation(BaseSeries.RETURN.name(), BaseSeries.VOLUME_CHANGE.name(), 20),
            (s, t) ->
                Rolling.correlation(
                    i -> BaseSeries.RETURN.at(s, i),
                    i -> BaseSeries.VOLUME_CHANGE.at(s, i),
                    t,
                    20)));
    return features;
  }
}
