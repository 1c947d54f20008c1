package io.stockpipe.report.analysis;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * How much the ranking moves from one prediction date to the next: the share of the top decile that
 * is new (turnover, what trading it would cost) and the Spearman correlation of the scores of the
 * symbols predicted on both dates (rank autocorrelation, Alphalens' factor rank autocorrelation).
 */
public final class RankStability {
  private RankStability() {}

  /**
   * From prediction history rows (as_of_date, symbol, decile, score), one row per date but the
   * first.
   */
  public static Table of(Table history) {
    DateColumn dates = DateColumn.create("as_of_date");
    DoubleColumn turnover = DoubleColumn.create("top_decile_turnover");
    DoubleColumn autocorrelation = DoubleColumn.create("rank_autocorrelation");
    Map<String, Double> previousScores = null;
    Set<String> previousTop = null;
    for (Table day : history.sortAscendingOn("as_of_date").splitOn("as_of_date").asTableList()) {
      LocalDate date = day.dateColumn("as_of_date").get(0);
      Map<String, Double> scores = new HashMap<>();
      Set<String> top = new HashSet<>();
      for (int row = 0; row < day.rowCount(); row++) {
        String symbol = day.stringColumn("symbol").get(row);
        scores.put(symbol, day.doubleColumn("score").getDouble(row));
        if (day.intColumn("decile").getInt(row) == 10) {
          top.add(symbol);
        }
      }
      if (previousScores != null) {
        dates.append(date);
        turnover.append(turnover(previousTop, top));
        autocorrelation.append(spearman(previousScores, scores));
      }
      previousScores = scores;
      previousTop = top;
    }
    return Table.create("rank_stability", dates, turnover, autocorrelation);
  }

  /** The share of today's top decile that was not in yesterday's; NaN when today's is empty. */
  static double turnover(Set<String> previous, Set<String> current) {
    if (current.isEmpty()) {
      return Double.NaN;
    }
    long stayed = current.stream().filter(previous::contains).count();
    return 1.0 - (double) stayed / current.size();
  }

  /** Spearman correlation over the symbols both days scored; NaN below three of them. */
  static double spearman(Map<String, Double> previous, Map<String, Double> current) {
    List<String> common = new ArrayList<>();
    for (String symbol : current.keySet()) {
      if (previous.containsKey(symbol)) {
        common.add(symbol);
      }
    }
    if (common.size() < 3) {
      return Double.NaN;
    }
    double[] a = ranks(common.stream().mapToDouble(previous::get).toArray());
    double[] b = ranks(common.stream().mapToDouble(current::get).toArray());
    return pearson(a, b);
  }

  /** Ranks from 1, ties sharing their mean rank. */
  static double[] ranks(double[] values) {
    Integer[] order = new Integer[values.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
    double[] ranks = new double[values.length];
    int start = 0;
    while (start < order.length) {
      int end = start;
      while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
        end++;
      }
      double rank = (start + end) / 2.0 + 1.0;
      for (int i = start; i <= end; i++) {
        ranks[order[i]] = rank;
      }
      start = end + 1;
    }
    return ranks;
  }

  private static double pearson(double[] a, double[] b) {
    double meanA = Arrays.stream(a).average().orElse(0);
    double meanB = Arrays.stream(b).average().orElse(0);
    double covariance = 0;
    double varianceA = 0;
    double varianceB = 0;
    for (int i = 0; i < a.length; i++) {
      covariance += (a[i] - meanA) * (b[i] - meanB);
      varianceA += (a[i] - meanA) * (a[i] - meanA);
      varianceB += (b[i] - meanB) * (b[i] - meanB);
    }
    return varianceA == 0 || varianceB == 0
        ? Double.NaN
        : covariance / Math.sqrt(varianceA * varianceB);
  }
}
