/**
 * The embedded PostgreSQL server: started in-process for one command, or kept running in the
 * background by {@code stockpipe db start} so that psql and BI tools can reach it.
 */
package io.stockpipe.db.embedded;
