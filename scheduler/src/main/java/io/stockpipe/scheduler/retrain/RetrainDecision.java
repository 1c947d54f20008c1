package io.stockpipe.scheduler.retrain;

import io.stockpipe.model.data.DateRange;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Objects;

/**
 * A retrain_decision row.
 *
 * @param id the row's id
 * @param decidedAt when it was recorded
 * @param candidateModelId the model the retrain trained
 * @param activeModelId the model active at the decision, or null when none was
 * @param window the dates both models were judged on
 * @param judgedDays dates in {@code window} with predictions of both and labels
 * @param candidateRankIc the candidate's mean daily rank IC on those dates
 * @param activeRankIc the active model's on the same samples, or null when there was none or it
 *     could not be judged fairly ({@code reason} says why)
 * @param margin what the candidate had to gain
 * @param promoted whether the candidate became the active model
 * @param reason why, in words
 */
public record RetrainDecision(
    long id,
    OffsetDateTime decidedAt,
    long candidateModelId,
    Long activeModelId,
    DateRange window,
    int judgedDays,
    double candidateRankIc,
    Double activeRankIc,
    double margin,
    boolean promoted,
    String reason) {
  public RetrainDecision {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(reason, "reason");
    if (activeModelId == null && !promoted) {
      throw new IllegalArgumentException("without an active model the candidate is promoted");
    }
  }

  /** One line: what job_run.message holds. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "decision %d: model %d %s (%s)",
        id,
        candidateModelId,
        promoted
            ? "promoted" + (activeModelId == null ? "" : ", model " + activeModelId + " retired")
            : "not promoted, model " + activeModelId + " stays active",
        reason);
  }

  /** The decision as an operator reads it after {@code stockpipe retrain}. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "retrain decision %d%n", id));
    text.append(String.format(Locale.ROOT, "  candidate      model %d%n", candidateModelId));
    text.append(
        String.format(
            Locale.ROOT,
            "  active         %s%n",
            activeModelId == null ? "none" : "model " + activeModelId));
    text.append(String.format(Locale.ROOT, "  judged on      %s (%d dates)%n", window, judgedDays));
    text.append(
        String.format(
            Locale.ROOT, "  candidate IC   %+.4f (mean daily rank IC)%n", candidateRankIc));
    text.append(
        String.format(
            Locale.ROOT,
            "  active IC      %s%n",
            activeRankIc == null ? "-" : String.format(Locale.ROOT, "%+.4f", activeRankIc)));
    text.append(String.format(Locale.ROOT, "  margin         %+.4f%n", margin));
    text.append(
        String.format(Locale.ROOT, "  promoted       %s: %s%n", promoted ? "yes" : "no", reason));
    return text.toString();
  }
}
