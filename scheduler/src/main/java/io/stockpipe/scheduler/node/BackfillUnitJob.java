package io.stockpipe.scheduler.node;

import io.stockpipe.errors.TransientException;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn of one backfill unit: runs the unit and hands on the next. Its job data carries the
 * backfill and the unit's seq (as text: the job store keeps job data as properties). Recoverable:
 * if its node dies, another node runs the turn again, and the backfill goes on from what its tables
 * say ended.
 */
public final class BackfillUnitJob implements Job {
  private static final Logger log = LoggerFactory.getLogger(BackfillUnitJob.class);
  static final String BACKFILL = "backfill";
  static final String SEQ = "seq";

  private final QuartzNode node;

  BackfillUnitJob(QuartzNode node) {
    this.node = node;
  }

  @Override
  public void execute(JobExecutionContext context) {
    JobDataMap data = context.getMergedJobDataMap();
    long backfill = Long.parseLong(data.getString(BACKFILL));
    int seq = Integer.parseInt(data.getString(SEQ));
    ChainDriver.STEP_LOCK.lock();
    try {
      node.backfills().runUnit(backfill, seq);
    } catch (TransientException e) {
      // The database went away between units: the turn stops here; `backfill resume` goes on.
      log.warn("backfill {} unit {}: its turn stopped: {}", backfill, seq, e.getMessage(), e);
    } finally {
      ChainDriver.STEP_LOCK.unlock();
    }
  }
}
