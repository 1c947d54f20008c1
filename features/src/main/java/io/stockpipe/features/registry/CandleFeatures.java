package io.stockpipe.features.registry;

import static io.stockpipe.features.reference.NullableMath.divide;
import static io.stockpipe.features.reference.NullableMath.max;
import static io.stockpipe.features.reference.NullableMath.min;
import static io.stockpipe.features.reference.NullableMath.minus;
import static io.stockpipe.features.reference.NullableMath.times;

import java.util.List;

/**
 * The shape of one bar (Alpha158's KBAR family). A bar without open, high or low (close-only bars
 * of real data) gives NULL for every feature that needs the missing value.
 */
final class CandleFeatures {
  private CandleFeatures() {}

  private static final String RANGE = "(high - low)";
  private static final String BODY_TOP = Sql.greatestOf("open", "close");
  private static final String BODY_BOTTOM = Sql.leastOf("open", "close");

  static List<FeatureDefinition> all() {
    return List.of(
        candle(
            "hl_range",
            "(high - low) / close",
            "Bar range relative to the close.",
            Sql.divide(RANGE, "close"),
            (s, t) -> divide(minus(s.high(t), s.low(t)), s.close(t))),
        candle(
            "kmid",
            "(close - open) / open",
            "Candle body relative to the open.",
            Sql.divide("close - open", "open"),
            (s, t) -> divide(minus(s.close(t), s.open(t)), s.open(t))),
        candle(
            "klen",
            "(high - low) / open",
            "Bar range relative to the open.",
            Sql.divide(RANGE, "open"),
            (s, t) -> divide(minus(s.high(t), s.low(t)), s.open(t))),
        candle(
            "kmid2",
            "(close - open) / (high - low)",
            "Candle body relative to the range; NULL when high = low.",
            Sql.divide("close - open", RANGE),
            (s, t) -> divide(minus(s.close(t), s.open(t)), minus(s.high(t), s.low(t)))),
        candle(
            "kup",
            "(high - max(open, close)) / open",
            "Upper shadow relative to the open.",
            Sql.divide("high - " + BODY_TOP, "open"),
            (s, t) -> divide(minus(s.high(t), max(s.open(t), s.close(t))), s.open(t))),
        candle(
            "kup2",
            "(high - max(open, close)) / (high - low)",
            "Upper shadow relative to the range.",
            Sql.divide("high - " + BODY_TOP, RANGE),
            (s, t) ->
                divide(minus(s.high(t), max(s.open(t), s.close(t))), minus(s.high(t), s.low(t)))),
        candle(
            "klow",
            "(min(open, close) - low) / open",
            "Lower shadow relative to the open.",
            Sql.divide(BODY_BOTTOM + " - low", "open"),
            (s, t) -> divide(minus(min(s.open(t), s.close(t)), s.low(t)), s.open(t))),
        candle(
            "klow2",
            "(min(open, close) - low) / (high - low)",
            "Lower shadow relative to the range.",
            Sql.divide(BODY_BOTTOM + " - low", RANGE),
            (s, t) ->
                divide(minus(min(s.open(t), s.close(t)), s.low(t)), minus(s.high(t), s.low(t)))),
        candle(
            "ksft",
            "(2 close - high - low) / open",
            "Where the close sits in the bar, relative to the open.",
            Sql.divide("2D * close - high - low", "open"),
            (s, t) -> divide(minus(minus(times(2, s.close(t)), s.high(t)), s.low(t)), s.open(t))));
  }

  private static FeatureDefinition candle(
      String name,
      String formula,
      String description,
      String sql,
      io.stockpipe.features.reference.ReferenceFormula reference) {
    return new FeatureDefinition(name, "candle", 1, formula, description, sql, reference);
  }
}
