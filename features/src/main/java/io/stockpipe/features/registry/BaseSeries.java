package io.stockpipe.features.registry;

import static io.stockpipe.features.reference.NullableMath.divide;
import static io.stockpipe.features.reference.NullableMath.log;
import static io.stockpipe.features.reference.NullableMath.minus;
import static io.stockpipe.features.reference.NullableMath.plus;

import io.stockpipe.features.reference.Rolling;
import java.util.List;

/** The per-row series that several features share, in the order Spark computes them. */
final class BaseSeries {
  private BaseSeries() {}

  static final SeriesDefinition CHANGE =
      new SeriesDefinition(
          "change_1d",
          "close[t] - close[t-1]",
          "close - " + Sql.lag("close", 1),
          (s, t) -> minus(s.close(t), s.close(t - 1)));

  static final SeriesDefinition RETURN =
      new SeriesDefinition(
          "return_1d",
          "close[t] / close[t-1] - 1",
          Sql.divide("close", Sql.lag("close", 1)) + " - 1D",
          (s, t) -> minus(divide(s.close(t), s.close(t - 1)), 1.0));

  static final SeriesDefinition LOG_RETURN =
      new SeriesDefinition(
          "log_return_1d",
          "ln(close[t] / close[t-1])",
          "ln(" + Sql.divide("close", Sql.lag("close", 1)) + ")",
          (s, t) -> log(divide(s.close(t), s.close(t - 1))));

  static final SeriesDefinition GAIN =
      new SeriesDefinition(
          "gain_1d",
          "max(change, 0)",
          "CASE WHEN change_1d IS NULL THEN NULL WHEN change_1d > 0D THEN change_1d ELSE 0D END",
          (s, t) -> {
            Double change = CHANGE.at(s, t);
            return change == null ? null : change > 0 ? change : 0.0;
          });

  static final SeriesDefinition LOSS =
      new SeriesDefinition(
          "loss_1d",
          "max(-change, 0)",
          "CASE WHEN change_1d IS NULL THEN NULL WHEN change_1d < 0D THEN -change_1d ELSE 0D END",
          (s, t) -> {
            Double change = CHANGE.at(s, t);
            return change == null ? null : change < 0 ? -change : 0.0;
          });

  static final SeriesDefinition UP_DAY =
      new SeriesDefinition(
          "up_day",
          "1 if close[t] > close[t-1] else 0",
          "CASE WHEN change_1d IS NULL THEN NULL WHEN change_1d > 0D THEN 1D ELSE 0D END",
          (s, t) -> {
            Double change = CHANGE.at(s, t);
            return change == null ? null : change > 0 ? 1.0 : 0.0;
          });

  /** ln((v+1)/(v[t-1]+1)): defined for the zero-volume bars of real data. */
  static final SeriesDefinition VOLUME_CHANGE =
      new SeriesDefinition(
          "volume_change_1d",
          "ln((volume[t] + 1) / (volume[t-1] + 1))",
          "ln(" + Sql.divide("volume + 1D", Sql.lag("volume", 1) + " + 1D") + ")",
          (s, t) -> log(divide(plus(s.volume(t), 1.0), plus(s.volume(t - 1), 1.0))));

  static final double MACD_FAST = Ema.alphaForSpan(12);
  static final double MACD_SLOW = Ema.alphaForSpan(26);

  static final SeriesDefinition MACD_LINE =
      new SeriesDefinition(
          "macd_line",
          "ema12(close) - ema26(close), truncated EMAs (see Ema)",
          Sql.ema("close", MACD_FAST) + " - " + Sql.ema("close", MACD_SLOW),
          (s, t) ->
              minus(
                  Rolling.ema(s::close, t, MACD_FAST, Ema.rows(MACD_FAST)),
                  Rolling.ema(s::close, t, MACD_SLOW, Ema.rows(MACD_SLOW))));

  static final List<SeriesDefinition> ALL =
      List.of(CHANGE, RETURN, LOG_RETURN, GAIN, LOSS, UP_DAY, VOLUME_CHANGE, MACD_LINE);
}
