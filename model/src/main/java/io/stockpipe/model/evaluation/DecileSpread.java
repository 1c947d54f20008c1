package io.stockpipe.model.evaluation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a portfolio of the model's extremes would have seen: each date, the tenth of symbols with
 * the highest prediction (long) and the tenth with the lowest (short).
 *
 * @param topHitRate share of top-decile rows whose realised return was above zero; null if none
 * @param bottomHitRate share of bottom-decile rows whose realised return was below zero
 * @param longShort mean and t-stat of the daily (top mean - bottom mean) realised return
 * @param series that daily long-short return, by date
 */
public record DecileSpread(
    Double topHitRate,
    Double bottomHitRate,
    DailyCorrelation longShort,
    Map<LocalDate, Double> series) {
  /** Fewer symbols than this on a date make a decile of one name: no spread is taken that day. */
  public static final int MIN_SYMBOLS_PER_DAY = 10;

  public DecileSpread {
    series = Collections.unmodifiableMap(new LinkedHashMap<>(series));
  }

  static DecileSpread of(Map<LocalDate, List<Prediction>> byDate) {
    long topHits = 0;
    long topRows = 0;
    long bottomHits = 0;
    long bottomRows = 0;
    Map<LocalDate, Double> series = new LinkedHashMap<>();
    for (Map.Entry<LocalDate, List<Prediction>> day : byDate.entrySet()) {
      if (day.getValue().size() < MIN_SYMBOLS_PER_DAY) {
        continue;
      }
      List<Prediction> sorted = new ArrayList<>(day.getValue());
      // Ties broken by symbol, so that the same predictions always give the same deciles.
      sorted.sort(
          Comparator.comparingDouble(Prediction::predicted).thenComparing(Prediction::symbol));
      int decile = sorted.size() / 10;
      List<Prediction> bottom = sorted.subList(0, decile);
      List<Prediction> top = sorted.subList(sorted.size() - decile, sorted.size());
      topHits += top.stream().filter(p -> p.actual() > 0).count();
      bottomHits += bottom.stream().filter(p -> p.actual() < 0).count();
      topRows += decile;
      bottomRows += decile;
      series.put(day.getKey(), meanActual(top) - meanActual(bottom));
    }
    double[] returns = series.values().stream().mapToDouble(Double::doubleValue).toArray();
    return new DecileSpread(
        topRows == 0 ? null : (double) topHits / topRows,
        bottomRows == 0 ? null : (double) bottomHits / bottomRows,
        DailyCorrelation.of(returns),
        series);
  }

  private static double meanActual(List<Prediction> predictions) {
    return predictions.stream().mapToDouble(Prediction::actual).average().orElseThrow();
  }

  /** The daily long-short series keyed by ISO date, as model_evaluation.details stores it. */
  public Map<String, Double> seriesByIsoDate() {
    Map<String, Double> byIsoDate = new LinkedHashMap<>();
    series.forEach((date, value) -> byIsoDate.put(date.toString(), value));
    return byIsoDate;
  }
}
