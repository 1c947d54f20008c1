/**
 * Scheduler nodes: Quartz schedulers on the clustered JDBC JobStore in the pipeline's own
 * PostgreSQL, the nightly trigger, and the jobs that pass a business date's chain from stage to
 * stage.
 */
package io.stockpipe.scheduler.node;
