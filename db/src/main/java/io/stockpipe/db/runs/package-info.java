/**
 * The audit rows of batch runs: each run holds an advisory lock while it lives, so that a run left
 * "running" by a dead process is found and marked aborted by the next command.
 */
package io.stockpipe.db.runs;
