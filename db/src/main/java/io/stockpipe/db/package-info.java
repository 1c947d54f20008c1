/**
 * Connections to PostgreSQL and the Flyway migrations that own all schema. Whether the server is
 * external, a running embedded one or one started for this process is decided here alone.
 */
package io.stockpipe.db;
