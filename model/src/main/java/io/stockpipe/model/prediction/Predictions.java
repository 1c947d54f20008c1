package io.stockpipe.model.prediction;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.evaluation.Prediction;
import io.stockpipe.model.network.Target;
import io.stockpipe.model.samples.FeatureHistory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns a network's raw outputs into prediction rows, ranked across symbols per date. */
public final class Predictions {
  private Predictions() {}

  /**
   * @param rows the history rows that were predicted
   * @param target what the outputs are ({@code NetworkConfig.scoredAs()})
   * @param outputs per row: a predicted return (regression), P(up) (sign), or a per-date score
   *     (rank, z-score, an ensemble's mean rank)
   * @param calendar the exchange's trading days: each target date is the label horizon's number of
   *     them after the as-of date, as the label counts price rows
   */
  public static List<PredictionRow> rank(
      long modelId,
      Target target,
      Label label,
      FeatureHistory history,
      int[] rows,
      double[] outputs,
      TradingCalendar calendar) {
    Map<LocalDate, List<Integer>> byDate = new TreeMap<>();
    for (int i = 0; i < rows.length; i++) {
      byDate.computeIfAbsent(history.date(rows[i]), date -> new ArrayList<>()).add(i);
    }
    List<PredictionRow> ranked = new ArrayList<>(rows.length);
    for (Map.Entry<LocalDate, List<Integer>> day : byDate.entrySet()) {
      List<Integer> samples = day.getValue();
      // Highest score first; ties in symbol order, so that a rerun ranks identically.
      samples.sort(
          Comparator.comparingDouble((Integer i) -> -score(target, outputs[i]))
              .thenComparing(i -> history.symbol(rows[i])));
      LocalDate targetDate = calendar.plusTradingDays(day.getKey(), label.horizonRows());
      for (int position = 0; position < samples.size(); position++) {
        int i = samples.get(position);
        double score = score(target, outputs[i]);
        ranked.add(
            new PredictionRow(
                modelId,
                history.symbol(rows[i]),
                day.getKey(),
                targetDate,
                target.outputIsReturn() ? outputs[i] : null,
                (int) Math.signum(score),
                target == Target.SIGN ? outputs[i] : null,
                score,
                position + 1,
                samples.size()));
      }
    }
    return ranked;
  }

  /** The same outputs as scored predictions beside their labels, for {@code PredictionMetrics}. */
  public static List<Prediction> scored(
      Target target, FeatureHistory history, int[] rows, double[] outputs) {
    List<Prediction> scored = new ArrayList<>(rows.length);
    for (int i = 0; i < rows.length; i++) {
      scored.add(
          new Prediction(
              history.symbol(rows[i]),
              history.date(rows[i]),
              score(target, outputs[i]),
              history.label(rows[i])));
    }
    return scored;
  }

  /**
   * The predicted return, P(up) - 0.5, or the per-date score: positive means up, or above the
   * date's middle for the per-date targets.
   */
  public static double score(Target target, double output) {
    return target == Target.SIGN ? output - 0.5 : output;
  }
}
