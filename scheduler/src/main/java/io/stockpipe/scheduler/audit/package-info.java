/**
 * The job audit: job_chain and job_run rows, and the leases that keep two nodes off the same step
 * of the same date.
 */
package io.stockpipe.scheduler.audit;
