package io.stockpipe.model.samples;

import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.network.InputNormalisation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Feature vectors and labels of many symbols, row after row, sorted by symbol and then date, so
 * that the rows of a CNN window are neighbours. Missing values are NaN. The features are raw as
 * read, or normalised per date ({@link PerDateInputs}), which {@link #inputs()} says.
 */
public final class FeatureHistory {
  private final String[] symbols;
  private final int[] epochDays;
  private final float[] features;
  private final float[] labels;
  private final int featureCount;
  private final int rows;
  private final InputNormalisation inputs;

  FeatureHistory(
      String[] symbols, int[] epochDays, float[] features, float[] labels, int featureCount) {
    this(symbols, epochDays, features, labels, featureCount, InputNormalisation.NONE);
  }

  private FeatureHistory(
      String[] symbols,
      int[] epochDays,
      float[] features,
      float[] labels,
      int featureCount,
      InputNormalisation inputs) {
    this.rows = symbols.length;
    if (epochDays.length != rows
        || labels.length != rows
        || features.length != (long) rows * featureCount) {
      throw new IllegalArgumentException("feature history arrays disagree on the row count");
    }
    this.symbols = symbols;
    this.epochDays = epochDays;
    this.features = features;
    this.labels = labels;
    this.featureCount = featureCount;
    this.inputs = inputs;
  }

  /** Builds a history from rows given in (symbol, date) order; for tests and benchmarks. */
  public static FeatureHistory of(
      List<String> symbols, List<LocalDate> dates, float[][] features, float[] labels) {
    int featureCount = features.length == 0 ? 0 : features[0].length;
    float[] flat = new float[features.length * featureCount];
    for (int row = 0; row < features.length; row++) {
      System.arraycopy(features[row], 0, flat, row * featureCount, featureCount);
    }
    int[] days = dates.stream().mapToInt(date -> (int) date.toEpochDay()).toArray();
    return new FeatureHistory(
        symbols.toArray(String[]::new), days, flat, labels.clone(), featureCount);
  }

  public int rows() {
    return rows;
  }

  public int featureCount() {
    return featureCount;
  }

  public String symbol(int row) {
    return symbols[row];
  }

  public LocalDate date(int row) {
    return LocalDate.ofEpochDay(epochDays[row]);
  }

  public int epochDay(int row) {
    return epochDays[row];
  }

  public float label(int row) {
    return labels[row];
  }

  public float feature(int row, int feature) {
    return features[row * featureCount + feature];
  }

  /** The backing feature array, row-major; read-only by contract. */
  float[] rawFeatures() {
    return features;
  }

  /** How the features were normalised across each date's symbols. */
  public InputNormalisation inputs() {
    return inputs;
  }

  /** A copy whose labels are {@code newLabels}; features are shared. */
  public FeatureHistory withLabels(float[] newLabels) {
    return new FeatureHistory(
        symbols, epochDays, features, newLabels.clone(), featureCount, inputs);
  }

  /** A copy with other features (as long as these), normalised as {@code newInputs} says. */
  FeatureHistory withFeatures(float[] newFeatures, InputNormalisation newInputs) {
    return new FeatureHistory(symbols, epochDays, newFeatures, labels, featureCount, newInputs);
  }

  /**
   * Rows that can be a sample: date accepted by {@code dates}, all features of this row and the
   * {@code windowDays - 1} rows before it (same symbol) present, and, if {@code needLabel}, a
   * label. In row order.
   */
  public int[] sampleRows(int windowDays, boolean needLabel, IntPredicate dates) {
    List<Integer> chosen = new ArrayList<>();
    int completeRun = 0;
    for (int row = 0; row < rows; row++) {
      boolean sameSymbol = row > 0 && symbols[row].equals(symbols[row - 1]);
      completeRun = complete(row) ? (sameSymbol ? completeRun + 1 : 1) : 0;
      if (completeRun >= windowDays
          && dates.test(epochDays[row])
          && (!needLabel || !Float.isNaN(labels[row]))) {
        chosen.add(row);
      }
    }
    return chosen.stream().mapToInt(Integer::intValue).toArray();
  }

  /** {@link #sampleRows} of rows with a label, dated within {@code range}. */
  public int[] labelledSamples(int windowDays, DateRange range) {
    long from = range.from().toEpochDay();
    long to = range.to().toEpochDay();
    return sampleRows(windowDays, true, day -> day >= from && day <= to);
  }

  private boolean complete(int row) {
    int start = row * featureCount;
    for (int i = start; i < start + featureCount; i++) {
      if (!Float.isFinite(features[i])) {
        return false;
      }
    }
    return true;
  }
}
