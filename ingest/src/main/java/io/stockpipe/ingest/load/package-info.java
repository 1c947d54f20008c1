/**
 * Loading into PostgreSQL: COPY into a session staging table, then one {@code INSERT … ON CONFLICT}
 * per batch of files, in one transaction with the batch's rejects and run counters.
 */
package io.stockpipe.ingest.load;
