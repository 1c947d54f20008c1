package io.stockpipe.ingest;

import io.stockpipe.ingest.validation.RejectRule;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one ingest run did; also in its {@code ingest_run} row.
 *
 * @param runId the {@code ingest_run} id
 * @param status succeeded, completed_with_errors or failed
 * @param source the source as described
 * @param files files read
 * @param filesRefused files refused whole (nothing of them loaded)
 * @param rowsRead data rows read
 * @param rowsLoaded valid rows written (inserted, updated or already equal)
 * @param rowsChanged rows of price_bar inserted or changed
 * @param rowsRejected rows refused
 * @param rejectsByRule rejects (rows and files) per rule
 * @param firstRejects the first rejects, to show on the terminal
 * @param elapsed wall time
 */
public record IngestSummary(
    long runId,
    String status,
    String source,
    long files,
    long filesRefused,
    long rowsRead,
    long rowsLoaded,
    long rowsChanged,
    long rowsRejected,
    Map<RejectRule, Long> rejectsByRule,
    List<Reject> firstRejects,
    Duration elapsed) {

  public static final String SUCCEEDED = "succeeded";
  public static final String COMPLETED_WITH_ERRORS = "completed_with_errors";
  public static final String FAILED = "failed";

  public IngestSummary {
    rejectsByRule = Map.copyOf(rejectsByRule);
    firstRejects = List.copyOf(firstRejects);
  }

  public boolean failed() {
    return FAILED.equals(status);
  }

  /** The summary printed after a run. */
  public String describe() {
    double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "ingest run %d %s: %d files (%d refused), %,d rows read, %,d loaded (%,d new or"
                + " changed), %,d rejected, %.1f s, %,.0f rows/s%n",
            runId,
            status,
            files,
            filesRefused,
            rowsRead,
            rowsLoaded,
            rowsChanged,
            rowsRejected,
            seconds,
            rowsRead / seconds));
    if (!rejectsByRule.isEmpty()) {
      text.append("rejects by rule:\n");
      rejectsByRule.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              entry ->
                  text.append(
                      String.format(
                          Locale.ROOT, "  %-20s %,d%n", entry.getKey(), entry.getValue())));
      text.append("first rejects:\n");
      firstRejects.forEach(reject -> text.append("  ").append(reject.describe()).append('\n'));
      text.append("all of them: stockpipe query \"SELECT * FROM ingest_reject WHERE run_id = ")
          .append(runId)
          .append("\"\n");
    }
    return text.toString();
  }
}
