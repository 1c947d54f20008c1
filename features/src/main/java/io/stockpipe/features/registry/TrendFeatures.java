package io.stockpipe.features.registry;

import static io.stockpipe.features.reference.NullableMath.divide;
import static io.stockpipe.features.reference.NullableMath.minus;
import static io.stockpipe.features.reference.NullableMath.plus;
import static io.stockpipe.features.reference.NullableMath.times;

import io.stockpipe.features.reference.Rolling;
import java.util.ArrayList;
import java.util.List;

/** Where the close stands against its own recent history: averages, bands, ranges, oscillators. */
final class TrendFeatures {
  private TrendFeatures() {}

  private static final double RSI_ALPHA = Ema.alphaForWilder(14);
  private static final double MACD_SIGNAL = Ema.alphaForSpan(9);

  static List<FeatureDefinition> all() {
    List<FeatureDefinition> features = new ArrayList<>();
    for (int rows : new int[] {5, 10, 20, 60}) {
      features.add(
          new FeatureDefinition(
              "close_ma_" + rows,
              "trend",
              rows,
              "close / mean(close over " + rows + " rows)",
              "Close relative to its " + rows + "-row moving average.",
              Sql.divide("close", Sql.mean("close", rows)),
              (s, t) -> divide(s.close(t), Rolling.mean(s::close, t, rows))));
    }
    features.add(
        new FeatureDefinition(
            "boll_pctb_20",
            "trend",
            20,
            "(close - (ma20 - 2 sd20)) / (4 sd20), sd = population standard deviation",
            "Bollinger %B: 0 at the lower band, 1 at the upper band.",
            Sql.divide(
                "close - " + Sql.mean("close", 20) + " + 2D * " + Sql.stdPopulation("close", 20),
                "4D * " + Sql.stdPopulation("close", 20)),
            (s, t) -> {
              Double sd = Rolling.stdPopulation(s::close, t, 20);
              return divide(
                  plus(minus(s.close(t), Rolling.mean(s::close, t, 20)), times(2, sd)),
                  times(4, sd));
            }));
    features.add(
        new FeatureDefinition(
            "rsv_20",
            "trend",
            20,
            "(close - min(low, 20)) / (max(high, 20) - min(low, 20))",
            "Position of the close in the 20-row high-low range (stochastic %K).",
            Sql.divide(
                "close - " + Sql.min("low", 20), Sql.max("high", 20) + " - " + Sql.min("low", 20)),
            (s, t) -> {
              Double lowest = Rolling.min(s::low, t, 20);
              return divide(minus(s.close(t), lowest), minus(Rolling.max(s::high, t, 20), lowest));
            }));
    features.add(
        new FeatureDefinition(
            "max_high_20",
            "trend",
            20,
            "max(high, 20) / close",
            "Highest high of the last 20 rows relative to the close.",
            Sql.divide(Sql.max("high", 20), "close"),
            (s, t) -> divide(Rolling.max(s::high, t, 20), s.close(t))));
    features.add(
        new FeatureDefinition(
            "min_low_20",
            "trend",
            20,
            "min(low, 20) / close",
            "Lowest low of the last 20 rows relative to the close.",
            Sql.divide(Sql.min("low", 20), "close"),
            (s, t) -> divide(Rolling.min(s::low, t, 20), s.close(t))));
    int rsiRows = Ema.rows(RSI_ALPHA);
    features.add(
        new FeatureDefinition(
            "rsi_14",
            "oscillator",
            rsiRows + 1,
            "100 ema(gain) / (ema(gain) + ema(loss)), Wilder alpha 1/14 truncated to "
                + rsiRows
                + " rows",
            "Relative strength index (Wilder); NULL when the window never moved.",
            "100D * "
                + Sql.divide(
                    Sql.ema(BaseSeries.GAIN.name(), RSI_ALPHA),
                    Sql.ema(BaseSeries.GAIN.name(), RSI_ALPHA)
                        + " + "
                        + Sql.ema(BaseSeries.LOSS.name(), RSI_ALPHA)),
            (s, t) -> {
              Double gain = Rolling.ema(i -> BaseSeries.GAIN.at(s, i), t, RSI_ALPHA, rsiRows);
              Double loss = Rolling.ema(i -> BaseSeries.LOSS.at(s, i), t, RSI_ALPHA, rsiRows);
              return times(100, divide(gain, plus(gain, loss)));
            }));
    int macdRows = Math.max(Ema.rows(BaseSeries.MACD_FAST), Ema.rows(BaseSeries.MACD_SLOW));
    int signalRows = macdRows + Ema.rows(MACD_SIGNAL) - 1;
    String line = BaseSeries.MACD_LINE.name();
    features.add(
        new FeatureDefinition(
            "macd",
            "oscillator",
            macdRows,
            "(ema12(close) - ema26(close)) / close",
            "MACD line, scaled by the close so that it compares across symbols.",
            Sql.divide(line, "close"),
            (s, t) -> divide(BaseSeries.MACD_LINE.at(s, t), s.close(t))));
    features.add(
        new FeatureDefinition(
            "macd_signal",
            "oscillator",
            signalRows,
            "ema9(macd line) / close",
            "MACD signal line, scaled by the close.",
            Sql.divide(Sql.ema(line, MACD_SIGNAL), "close"),
            (s, t) -> divide(macdSignal(s, t), s.close(t))));
    features.add(
        new FeatureDefinition(
            "macd_hist",
            "oscillator",
            signalRows,
            "(macd line - ema9(macd line)) / close",
            "MACD histogram, scaled by the close.",
            Sql.divide(line + " - " + Sql.ema(line, MACD_SIGNAL), "close"),
            (s, t) -> divide(minus(BaseSeries.MACD_LINE.at(s, t), macdSignal(s, t)), s.close(t))));
    return features;
  }

  private static Double macdSignal(io.stockpipe.features.reference.ReferenceSeries s, int t) {
    return Rolling.ema(i -> BaseSeries.MACD_LINE.at(s, i), t, MACD_SIGNAL, Ema.rows(MACD_SIGNAL));
  }
}
