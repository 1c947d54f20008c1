package io.stockpipe.features.registry;

import static io.stockpipe.features.reference.NullableMath.divide;
import static io.stockpipe.features.reference.NullableMath.minus;

import io.stockpipe.features.reference.Rolling;
import java.util.ArrayList;
import java.util.List;

/**
 * Alpha158's volume operators at its windows: price against volume (CORR, CORD), volume against its
 * own history (VMA, VSTD), the spread of volume-weighted moves (WVMA), and how much of the volume's
 * movement was up (VSUMP, VSUMN, VSUMD).
 */
final class VolumeWindowFeatures {
  private VolumeWindowFeatures() {}

  static List<FeatureDefinition> all() {
    List<FeatureDefinition> features = new ArrayList<>();
    for (int rows : PriceWindowFeatures.WINDOWS) {
      features.addAll(priceAndVolume(rows));
    }
    for (int rows : PriceWindowFeatures.WINDOWS) {
      features.addAll(volumeLevel(rows));
    }
    for (int rows : PriceWindowFeatures.WINDOWS) {
      features.addAll(volumeMoves(rows));
    }
    return features;
  }

  private static List<FeatureDefinition> priceAndVolume(int rows) {
    String logVolume = BaseSeries.LOG_VOLUME.name();
    String closeRatio = BaseSeries.CLOSE_RATIO.name();
    String volumeRatio = BaseSeries.LOG_VOLUME_RATIO.name();
    return List.of(
        PriceWindowFeatures.feature(
            "corr_" + rows,
            rows,
            "corr(close, ln(volume + 1) over " + rows + " rows)",
            "Whether price and volume levels moved together; NULL if either was constant.",
            Sql.correlation("close", logVolume, rows),
            (s, t) -> Rolling.correlation(s::close, i -> BaseSeries.LOG_VOLUME.at(s, i), t, rows)),
        PriceWindowFeatures.feature(
            "cord_" + rows,
            rows + 1,
            "corr(close / close[t-1], ln(volume / volume[t-1] + 1) over " + rows + " rows)",
            "Whether price and volume changes moved together; NULL after a zero-volume bar.",
            Sql.correlation(closeRatio, volumeRatio, rows),
            (s, t) ->
                Rolling.correlation(
                    i -> BaseSeries.CLOSE_RATIO.at(s, i),
                    i -> BaseSeries.LOG_VOLUME_RATIO.at(s, i),
                    t,
                    rows)));
  }

  private static List<FeatureDefinition> volumeLevel(int rows) {
    String weighted = BaseSeries.ABS_RETURN_VOLUME.name();
    return List.of(
        PriceWindowFeatures.feature(
            "vma_" + rows,
            rows,
            "mean(volume, " + rows + ") / volume",
            "The window's average volume relative to today's; NULL on a zero-volume day.",
            Sql.divide(Sql.mean("volume", rows), "volume"),
            (s, t) -> divide(Rolling.mean(s::volume, t, rows), s.volume(t))),
        PriceWindowFeatures.feature(
            "vstd_" + rows,
            rows,
            "stddev_samp(volume, " + rows + ") / volume",
            "Spread of the window's volume relative to today's.",
            Sql.divide(Sql.stdSample("volume", rows), "volume"),
            (s, t) -> divide(Rolling.stdSample(s::volume, t, rows), s.volume(t))),
        PriceWindowFeatures.feature(
            "wvma_" + rows,
            rows + 1,
            "stddev_samp(|return_1d| volume, "
                + rows
                + ") / mean(|return_1d| volume, "
                + rows
                + ")",
            "Coefficient of variation of volume-weighted absolute returns.",
            Sql.divide(Sql.stdSample(weighted, rows), Sql.mean(weighted, rows)),
            (s, t) ->
                divide(
                    Rolling.stdSample(i -> BaseSeries.ABS_RETURN_VOLUME.at(s, i), t, rows),
                    Rolling.mean(i -> BaseSeries.ABS_RETURN_VOLUME.at(s, i), t, rows))));
  }

  private static List<FeatureDefinition> volumeMoves(int rows) {
    String gains = Sql.mean(BaseSeries.VOLUME_GAIN.name(), rows);
    String losses = Sql.mean(BaseSeries.VOLUME_LOSS.name(), rows);
    String moved = gains + " + " + losses;
    return List.of(
        PriceWindowFeatures.feature(
            "vsump_" + rows,
            rows + 1,
            "sum(volume gain) / sum(|volume change|) over " + rows + " rows",
            "Share of the volume's movement that was up.",
            Sql.divide(gains, moved),
            (s, t) ->
                divide(
                    gains(s, t, rows),
                    PriceWindowFeatures.absoluteSum(s, BaseSeries.VOLUME_DELTA, t, rows))),
        PriceWindowFeatures.feature(
            "vsumn_" + rows,
            rows + 1,
            "sum(volume loss) / sum(|volume change|) over " + rows + " rows",
            "Share of the volume's movement that was down.",
            Sql.divide(losses, moved),
            (s, t) ->
                divide(
                    losses(s, t, rows),
                    PriceWindowFeatures.absoluteSum(s, BaseSeries.VOLUME_DELTA, t, rows))),
        PriceWindowFeatures.feature(
            "vsumd_" + rows,
            rows + 1,
            "(sum(volume gain) - sum(volume loss)) / sum(|volume change|) over " + rows + " rows",
            "Net volume movement over total; NULL when the volume never changed.",
            Sql.divide(gains + " - " + losses, moved),
            (s, t) ->
                divide(
                    minus(gains(s, t, rows), losses(s, t, rows)),
                    PriceWindowFeatures.absoluteSum(s, BaseSeries.VOLUME_DELTA, t, rows))));
  }

  private static Double gains(io.stockpipe.features.reference.ReferenceSeries s, int t, int rows) {
    return PriceWindowFeatures.sum(s, BaseSeries.VOLUME_GAIN, t, rows);
  }

  private static Double losses(io.stockpipe.features.reference.ReferenceSeries s, int t, int rows) {
    return PriceWindowFeatures.sum(s, BaseSeries.VOLUME_LOSS, t, rows);
  }
}
