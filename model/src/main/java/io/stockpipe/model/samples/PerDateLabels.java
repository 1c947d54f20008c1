package io.stockpipe.model.samples;

import io.stockpipe.model.network.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-date targets: each row's label compared with the labels of the other rows of its date.
 * Only the rows given take part, so a symbol held out of training, or a date's rows of another
 * split, never shape the targets of the rows trained on. Thread-safe (no state).
 */
public final class PerDateLabels {
  /** A z-scored label is clipped to this many standard deviations of its date. */
  public static final double ZSCORE_CLIP = 5;

  private PerDateLabels() {}

  /**
   * Labels for every row of {@code history}: the transformed label of each of {@code rows}, NaN for
   * every other row.
   *
   * <ul>
   *   <li>{@link Target#RANK}: {@code (r - 1) / (n - 1) - 0.5}, r the label's rank among the n rows
   *       of its date (ties share their mean rank), so the lowest is -0.5 and the highest 0.5; a
   *       date with one row gives 0.
   *   <li>{@link Target#ZSCORE}: {@code (x - mean) / sd} over the date's rows, population standard
   *       deviation, clipped to ±{@link #ZSCORE_CLIP}; 0 for a date without spread.
   * </ul>
   */
  public static float[] transform(Target target, FeatureHistory history, int[] rows) {
    if (!target.perDate()) {
      throw new IllegalArgumentException(target.key() + " is not a per-date target");
    }
    float[] transformed = new float[history.rows()];
    Arrays.fill(transformed, Float.NaN);
    for (int[] date : byDate(history, rows)) {
      double[] labels = new double[date.length];
      for (int i = 0; i < date.length; i++) {
        labels[i] = history.label(date[i]);
      }
      double[] values = target == Target.RANK ? centredRanks(labels) : zScores(labels);
      for (int i = 0; i < date.length; i++) {
        transformed[date[i]] = (float) values[i];
      }
    }
    return transformed;
  }

  /**
   * {@code values} (one per row of {@code rows}) as centred ranks among the rows of the same date:
   * what an ensemble averages.
   */
  public static double[] centredRanksByDate(FeatureHistory history, int[] rows, double[] values) {
    Map<Integer, List<Integer>> dates = new TreeMap<>();
    for (int i = 0; i < rows.length; i++) {
      dates.computeIfAbsent(history.epochDay(rows[i]), day -> new ArrayList<>()).add(i);
    }
    double[] ranked = new double[rows.length];
    for (List<Integer> date : dates.values()) {
      double[] day = date.stream().mapToDouble(i -> values[i]).toArray();
      double[] ranks = centredRanks(day);
      for (int k = 0; k < ranks.length; k++) {
        ranked[date.get(k)] = ranks[k];
      }
    }
    return ranked;
  }

  /** {@code rows} grouped by date, dates in order, rows in the order given. */
  static List<int[]> byDate(FeatureHistory history, int[] rows) {
    Map<Integer, List<Integer>> dates = new TreeMap<>();
    for (int row : rows) {
      dates.computeIfAbsent(history.epochDay(row), day -> new ArrayList<>()).add(row);
    }
    List<int[]> grouped = new ArrayList<>(dates.size());
    for (List<Integer> date : dates.values()) {
      grouped.add(date.stream().mapToInt(Integer::intValue).toArray());
    }
    return grouped;
  }

  /** Ranks mapped to [-0.5, 0.5]; ties share the mean of the ranks they span. */
  public static double[] centredRanks(double[] values) {
    int n = values.length;
    double[] centred = new double[n];
    if (n < 2) {
      return centred;
    }
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    int start = 0;
    while (start < n) {
      int end = start;
      while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
        end++;
      }
      // 0-based mean rank of the tie group, over the n - 1 steps from lowest to highest
      double rank = (start + end) / 2.0;
      for (int k = start; k <= end; k++) {
        centred[order[k]] = rank / (n - 1) - 0.5;
      }
      start = end + 1;
    }
    return centred;
  }

  static double[] zScores(double[] values) {
    int n = values.length;
    double mean = 0;
    for (double value : values) {
      mean += value;
    }
    mean /= n;
    double squares = 0;
    for (double value : values) {
      squares += (value - mean) * (value - mean);
    }
    double sd = Math.sqrt(squares / n);
    double[] scores = new double[n];
    if (sd == 0) {
      return scores;
    }
    for (int i = 0; i < n; i++) {
      scores[i] = Math.max(-ZSCORE_CLIP, Math.min(ZSCORE_CLIP, (values[i] - mean) / sd));
    }
    return scores;
  }
}
