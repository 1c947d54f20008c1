package io.stockpipe.scheduler.node;

import io.stockpipe.scheduler.Trigger;
import io.stockpipe.scheduler.retrain.RetrainPolicy;
import java.time.LocalDate;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The retrain trigger's job, on the model scheduler: reads the policy from its job data (the node
 * that installed the trigger put it there) and runs the retrain, audited as a job_run row, under
 * the node's one-step-at-a-time lock. Not concurrent with itself anywhere in the cluster; its
 * failures are recorded in job_run, not thrown, like a stage's.
 */
@DisallowConcurrentExecution
public final class RetrainJob implements Job {
  private final QuartzNode node;

  RetrainJob(QuartzNode node) {
    this.node = node;
  }

  @Override
  public void execute(JobExecutionContext context) {
    RetrainPolicy policy = RetrainPolicy.fromJobData(context.getMergedJobDataMap());
    LocalDate today = LocalDate.now(node.settings().clock().withZone(node.settings().timeZone()));
    node.driver().exclusively(() -> node.retrain().run(policy, today, Trigger.SCHEDULE));
  }
}
