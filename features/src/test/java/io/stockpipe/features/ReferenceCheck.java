package io.stockpipe.features;

import io.stockpipe.features.reference.ReferenceSeries;
import io.stockpipe.features.registry.FeatureDefinition;
import io.stockpipe.features.registry.FeatureRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Holds every stored feature value to the plain-Java reference of the same registry entry. */
final class ReferenceCheck {
  /** Absolute for values up to 1 in size, relative beyond (MACD, RSI are in larger units). */
  static final double TOLERANCE = 1e-9;

  private final FeatureRegistry registry;
  final List<String> mismatches = new ArrayList<>();
  long valuesCompared;
  long nonNullValues;

  /** Non-null reference values of the first {@code n} features, by n. */
  private long[] nonNullOfFirst;

  ReferenceCheck(FeatureRegistry registry) {
    this.registry = registry;
  }

  static boolean close(Double expected, Double actual) {
    if (expected == null || actual == null) {
      return expected == null && actual == null;
    }
    return Math.abs(expected - actual) <= TOLERANCE * Math.max(1, Math.abs(expected));
  }

  void check(ReferenceSeries series, Map<FeatureFixture.Key, Double[]> stored) {
    List<FeatureDefinition> features = registry.features();
    if (nonNullOfFirst == null) {
      nonNullOfFirst = new long[features.size() + 1];
    }
    for (int row = 0; row < series.size(); row++) {
      Double[] actual = stored.get(new FeatureFixture.Key(series.symbol(), series.date(row)));
      if (actual == null) {
        mismatches.add(series.symbol() + " " + series.date(row) + ": no feature row");
        continue;
      }
      for (int i = 0; i < features.size(); i++) {
        Double expected = features.get(i).reference().at(series, row);
        valuesCompared++;
        if (expected != null) {
          nonNullValues++;
          for (int n = i + 1; n < nonNullOfFirst.length; n++) {
            nonNullOfFirst[n]++;
          }
        }
        if (!close(expected, actual[i])) {
          mismatches.add(
              String.format(
                  Locale.ROOT,
                  "%s %s row %d %s: reference %s, spark %s",
                  series.symbol(),
                  series.date(row),
                  row,
                  features.get(i).name(),
                  expected,
                  actual[i]));
        }
      }
    }
  }

  /** Non-null reference values among the first {@code features} features of the registry. */
  long nonNullValuesOfFirst(int features) {
    return nonNullOfFirst == null ? 0 : nonNullOfFirst[features];
  }

  List<String> firstMismatches() {
    return mismatches.subList(0, Math.min(20, mismatches.size()));
  }
}
