package io.stockpipe.features.registry;

import static io.stockpipe.features.reference.NullableMath.divide;
import static io.stockpipe.features.reference.NullableMath.log;
import static io.stockpipe.features.reference.NullableMath.minus;
import static io.stockpipe.features.reference.NullableMath.plus;

import io.stockpipe.features.reference.Rolling;
import java.util.ArrayList;
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

  // The inputs of feature set v2, after v1's.

  static final SeriesDefinition DOWN_DAY =
      new SeriesDefinition(
          "down_day",
          "1 if close[t] < close[t-1] else 0",
          "CASE WHEN change_1d IS NULL THEN NULL WHEN change_1d < 0D THEN 1D ELSE 0D END",
          (s, t) -> {
            Double change = CHANGE.at(s, t);
            return change == null ? null : change < 0 ? 1.0 : 0.0;
          });

  static final SeriesDefinition CLOSE_RATIO =
      new SeriesDefinition(
          "close_ratio_1d",
          "close[t] / close[t-1]",
          Sql.divide("close", Sql.lag("close", 1)),
          (s, t) -> divide(s.close(t), s.close(t - 1)));

  static final SeriesDefinition LOG_VOLUME =
      new SeriesDefinition(
          "log_volume", "ln(volume + 1)", "ln(volume + 1D)", (s, t) -> log(plus(s.volume(t), 1.0)));

  /** Alpha158's CORD input: NULL after a zero-volume bar. */
  static final SeriesDefinition LOG_VOLUME_RATIO =
      new SeriesDefinition(
          "log_volume_ratio_1d",
          "ln(volume[t] / volume[t-1] + 1)",
          "ln(" + Sql.divide("volume", Sql.lag("volume", 1)) + " + 1D)",
          (s, t) -> log(plus(divide(s.volume(t), s.volume(t - 1)), 1.0)));

  static final SeriesDefinition ABS_RETURN_VOLUME =
      new SeriesDefinition(
          "abs_return_volume",
          "|return_1d| * volume",
          "abs(return_1d) * volume",
          (s, t) -> {
            Double change = RETURN.at(s, t);
            return change == null ? null : Math.abs(change) * s.volume(t);
          });

  static final SeriesDefinition VOLUME_DELTA =
      new SeriesDefinition(
          "volume_delta_1d",
          "volume[t] - volume[t-1]",
          "volume - " + Sql.lag("volume", 1),
          (s, t) -> minus(s.volume(t), s.volume(t - 1)));

  static final SeriesDefinition VOLUME_GAIN =
      new SeriesDefinition(
          "volume_gain_1d",
          "max(volume_delta, 0)",
          "CASE WHEN volume_delta_1d IS NULL THEN NULL WHEN volume_delta_1d > 0D"
              + " THEN volume_delta_1d ELSE 0D END",
          (s, t) -> {
            Double delta = VOLUME_DELTA.at(s, t);
            return delta == null ? null : delta > 0 ? delta : 0.0;
          });

  static final SeriesDefinition VOLUME_LOSS =
      new SeriesDefinition(
          "volume_loss_1d",
          "max(-volume_delta, 0)",
          "CASE WHEN volume_delta_1d IS NULL THEN NULL WHEN volume_delta_1d < 0D"
              + " THEN -volume_delta_1d ELSE 0D END",
          (s, t) -> {
            Double delta = VOLUME_DELTA.at(s, t);
            return delta == null ? null : delta < 0 ? -delta : 0.0;
          });

  static final SeriesDefinition MARKET_RETURN =
      new SeriesDefinition(
          "market_return_1d",
          "mean of return_1d over every symbol of price_bar on the date, from PostgreSQL: "
              + MarketReturn.POSTGRES_QUERY,
          MarketReturn.COLUMN,
          (s, t) -> s.market(t));

  static final SeriesDefinition EXCESS_RETURN =
      new SeriesDefinition(
          "excess_return_1d",
          "return_1d - market_return_1d",
          "return_1d - market_return_1d",
          (s, t) -> minus(RETURN.at(s, t), s.market(t)));

  static final List<SeriesDefinition> ALL_V2 =
      concat(
          ALL,
          List.of(
              DOWN_DAY,
              CLOSE_RATIO,
              LOG_VOLUME,
              LOG_VOLUME_RATIO,
              ABS_RETURN_VOLUME,
              VOLUME_DELTA,
              VOLUME_GAIN,
              VOLUME_LOSS,
              MARKET_RETURN,
              EXCESS_RETURN));

  private static List<SeriesDefinition> concat(
      List<SeriesDefinition> first, List<SeriesDefinition> second) {
    List<SeriesDefinition> all = new ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }
}
