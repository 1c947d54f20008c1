package io.stockpipe.features.spark;

import io.stockpipe.spark.JdbcEndpoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Appends a Dataset to a staging table with Spark's JDBC writer: one connection and one transaction
 * per partition, batched inserts rewritten by pgjdbc into multi-row statements. The staging table
 * must exist (Flyway creates it) and have a column for every Dataset column.
 */
public final class StagingWriter {
  private static final int BATCH_ROWS = 10_000;

  private final JdbcEndpoint endpoint;

  public StagingWriter(JdbcEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  public void append(Dataset<Row> rows, String stagingTable) {
    rows.write()
        .mode(SaveMode.Append)
        .option("batchsize", BATCH_ROWS)
        .jdbc(endpoint.batchWriteUrl(), stagingTable, endpoint.properties());
  }
}
