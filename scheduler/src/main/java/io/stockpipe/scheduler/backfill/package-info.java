/**
 * Backfills: a range of past dates planned as (date, step) pairs against the job audit, cut into
 * units of consecutive dates per step, and run one unit after another by the scheduler nodes (or in
 * the requesting process), below the nightly.
 */
package io.stockpipe.scheduler.backfill;
