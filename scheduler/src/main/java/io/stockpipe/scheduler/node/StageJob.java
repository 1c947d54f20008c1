package io.stockpipe.scheduler.node;

import java.time.LocalDate;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

/**
 * One stage of one chain. Its job data carries the chain, the stage and the last date of the
 * catch-up (all as text: the job store keeps job data as properties), and the business date is the
 * chain's, in the audit. Recoverable: if its node dies, another node runs it again and goes on from
 * what the audit says ended.
 */
@DisallowConcurrentExecution
public final class StageJob implements Job {
  static final String CHAIN = "chain";
  static final String STAGE = "stage";
  static final String CATCH_UP_TO = "catchUpTo";

  private final QuartzNode node;

  StageJob(QuartzNode node) {
    this.node = node;
  }

  @Override
  public void execute(JobExecutionContext context) {
    JobDataMap data = context.getMergedJobDataMap();
    String catchUpTo = data.getString(CATCH_UP_TO);
    node.driver()
        .runStage(
            Long.parseLong(data.getString(CHAIN)),
            Stage.valueOf(data.getString(STAGE)),
            catchUpTo == null || catchUpTo.isEmpty() ? null : LocalDate.parse(catchUpTo));
  }
}
