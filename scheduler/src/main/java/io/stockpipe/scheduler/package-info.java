/**
 * The batch backbone: the chain of steps of one business date as a service, the job audit, and the
 * scheduler nodes and backfills that run it.
 */
package io.stockpipe.scheduler;
