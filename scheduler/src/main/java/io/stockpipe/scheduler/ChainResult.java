package io.stockpipe.scheduler;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one chain did: each step's outcome, in order.
 *
 * @param chainId the job_chain row
 * @param businessDate its date
 * @param steps each step run (or skipped) and how it ended
 */
public record ChainResult(long chainId, LocalDate businessDate, Map<Step, StepResult> steps) {
  public ChainResult {
    steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
  }

  public boolean succeeded() {
    return steps.values().stream().noneMatch(StepResult::failed);
  }

  /** One line per step: {@code features succeeded 35,000 rows …}. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    steps.forEach(
        (step, result) ->
            text.append(
                String.format(
                    "  %-9s %-10s %s%s%n",
                    step.key(),
                    result.status().name().toLowerCase(Locale.ROOT),
                    result.rows() >= 0 ? String.format("%,d rows  ", result.rows()) : "",
                    result.message() == null ? "" : result.message())));
    return text.toString();
  }
}
