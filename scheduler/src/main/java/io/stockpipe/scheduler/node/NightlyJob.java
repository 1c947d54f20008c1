package io.stockpipe.scheduler.node;

import java.time.LocalDate;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The nightly trigger's job: starts the chain of today's business date, or of every trading date
 * missed since the last completed one. It reads "today" from the node's clock, not from Quartz's
 * scheduled fire time, which after a misfire is the time it should have fired.
 */
@DisallowConcurrentExecution
public final class NightlyJob implements Job {
  private final QuartzNode node;

  NightlyJob(QuartzNode node) {
    this.node = node;
  }

  @Override
  public void execute(JobExecutionContext context) {
    LocalDate today = LocalDate.now(node.settings().clock().withZone(node.settings().timeZone()));
    node.driver().nightly(today);
  }
}
