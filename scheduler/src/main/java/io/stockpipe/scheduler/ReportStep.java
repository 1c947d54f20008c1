package io.stockpipe.scheduler;

import java.time.LocalDate;

/** The chain's last step: writes the analysts' report of a business date. */
@FunctionalInterface
public interface ReportStep {
  StepResult write(LocalDate businessDate);

  /** Until the reporting module fills it, the step has nothing to write. */
  ReportStep NONE = date -> StepResult.skipped("no report is configured yet");
}
