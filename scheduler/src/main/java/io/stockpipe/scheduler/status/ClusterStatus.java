package io.stockpipe.scheduler.status;

import io.stockpipe.db.query.QueryResult;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.query.ResultFormatter;
import java.time.LocalDate;
import javax.sql.DataSource;

/**
 * The operator's view of the cluster, read from Quartz's tables and the job audit: nodes alive and
 * their roles, the nightly's and the retrain's next fire, the last chain of each date, failures
 * with what to run to retry them, and the step runs themselves. Stateless and thread-safe.
 */
public final class ClusterStatus {
  /**
   * Quartz takes a node for dead once it has not checked in for its interval plus 7.5 s; the same
   * rule says here which nodes live.
   */
  private static final String NODES =
      "SELECT CASE sched_name WHEN 'stockpipe-etl' THEN 'etl' WHEN 'stockpipe-model' THEN 'model'"
          + " ELSE sched_name END AS role, instance_name AS node,"
          + " round((extract(epoch FROM now()) * 1000 - last_checkin_time) / 1000.0, 1)"
          + " AS checked_in_s_ago,"
          + " CASE WHEN extract(epoch FROM now()) * 1000 - last_checkin_time"
          + " <= checkin_interval + 7500 THEN 'alive' ELSE 'silent (taken for dead)' END AS state"
          + " FROM qrtz_scheduler_state ORDER BY 1, 2";

  private static final String NIGHTLY =
      "SELECT t.trigger_name AS trigger, c.cron_expression AS cron, c.time_zone_id AS time_zone,"
          + " to_timestamp(t.next_fire_time / 1000.0) AT TIME ZONE c.time_zone_id AS next_fire,"
          + " t.trigger_state AS state"
          + " FROM qrtz_triggers t JOIN qrtz_cron_triggers c USING (sched_name, trigger_name,"
          + " trigger_group) WHERE t.trigger_name IN ('nightly', 'retrain') ORDER BY 1";

  private static final String CHAINS =
      "SELECT DISTINCT ON (business_date) business_date AS date, id AS chain, status,"
          + " triggered_by, array_to_string(steps, ',') AS steps,"
          + " to_char(created_at, 'YYYY-MM-DD HH24:MI') AS started,"
          + " round(extract(epoch FROM coalesce(finished_at, now()) - created_at)::numeric, 1)"
          + " AS seconds, coalesce(message, '') AS message"
          + " FROM job_chain ORDER BY business_date DESC, id DESC LIMIT 10";

  private static final String FAILURES =
      "SELECT r.business_date AS date, r.step, r.status, r.node, coalesce(r.message, '') AS"
          + " message, CASE WHEN r.backfill_id IS NOT NULL THEN './stockpipe backfill resume '"
          + " || r.backfill_id WHEN r.step = 'retrain' THEN './stockpipe retrain'"
          + " ELSE './stockpipe run --date ' || r.business_date"
          + " || ' --steps ' || r.step END AS retry"
          + " FROM job_run r WHERE r.status IN ('failed', 'aborted')"
          // A retrain is of no date: any later one that ended retried it.
          + " AND NOT EXISTS (SELECT 1 FROM job_run later WHERE later.step = r.step"
          + " AND (r.step = 'retrain' OR (later.business_date <= r.business_date"
          + " AND later.date_to >= r.date_to))"
          + " AND later.id > r.id AND later.status IN ('succeeded', 'skipped'))"
          + " ORDER BY r.id DESC LIMIT 20";

  private final QueryRunner sql;

  public ClusterStatus(DataSource dataSource) {
    this.sql = QueryRunner.asOwner(dataSource);
  }

  /** The whole report, as aligned tables under headings. */
  public String report() {
    StringBuilder text = new StringBuilder();
    section(text, "nodes", sql.run(NODES), "no node has started yet: ./stockpipe scheduler start");
    section(
        text,
        "nightly and retrain",
        sql.run(NIGHTLY),
        "no trigger yet: a node with role etl or all installs the nightly, model or all the"
            + " retrain");
    section(text, "last chain per date", sql.run(CHAINS), "no chain has run yet");
    section(text, "failures not yet retried", sql.run(FAILURES), "none");
    return text.toString();
  }

  /** Step runs, newest first: of one date, only failed ones, or of one backfill. */
  public QueryResult runs(LocalDate date, boolean failedOnly, Long backfillId, int limit) {
    StringBuilder where = new StringBuilder(" WHERE true");
    if (date != null) {
      where.append(" AND '").append(date).append("' BETWEEN business_date AND date_to");
    }
    if (failedOnly) {
      where.append(" AND status IN ('failed', 'aborted')");
    }
    if (backfillId != null) {
      where.append(" AND backfill_id = ").append(backfillId);
    }
    return sql.run(
        "SELECT id, CASE WHEN date_to = business_date THEN business_date::text"
            + " ELSE business_date || '..' || date_to END AS dates, step, status, attempt,"
            + " triggered_by, node, to_char(started_at, 'YYYY-MM-DD HH24:MI:SS') AS started,"
            + " round(extract(epoch FROM coalesce(finished_at, now()) - started_at)::numeric, 1)"
            + " AS seconds, rows, coalesce(message, '') AS message FROM job_run"
            + where
            + " ORDER BY id DESC LIMIT "
            + limit);
  }

  private static void section(StringBuilder text, String title, QueryResult rows, String empty) {
    text.append(title).append(":\n");
    if (rows.rows().isEmpty()) {
      text.append("  ").append(empty).append('\n');
    } else {
      text.append(ResultFormatter.table(rows));
    }
    text.append('\n');
  }
}
