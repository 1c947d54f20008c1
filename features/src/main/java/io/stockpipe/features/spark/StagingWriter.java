package io.stockpipe.features.spark;

import io.stockpipe.spark.JdbcEndpoint;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Properties;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Appends a Dataset to a staging table with one binary COPY per partition, each on its own
 * connection and in its own transaction: a failed task leaves nothing behind, and Spark's retry
 * writes the partition again. The table must exist (a staging table Flyway created, or a build's
 * replacement table) and have a column of the same name for every Dataset column.
 *
 * <p>Spark's JDBC writer (batched multi-row INSERTs) took 8.4 s for the shared data's 558k feature
 * rows; COPY (bench/results/features-profile.md) takes a fraction of that.
 */
public final class StagingWriter {
  /** Bytes handed to the server at a time. */
  private static final int FLUSH_BYTES = 1 << 20;

  private final JdbcEndpoint endpoint;

  public StagingWriter(JdbcEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  public void append(Dataset<Row> rows, String stagingTable) {
    StructType schema = rows.schema();
    BinaryCopyRows.requireWritable(schema); // here, not in a task
    String copy =
        "COPY "
            + stagingTable
            + " ("
            + String.join(", ", schema.fieldNames())
            + ") FROM STDIN (FORMAT binary)";
    rows.foreachPartition(new CopyPartition(endpoint.url(), endpoint.properties(), schema, copy));
  }

  /** Runs in the tasks: only serializable fields. */
  private record CopyPartition(String url, Properties properties, StructType schema, String copy)
      implements ForeachPartitionFunction<Row>, Serializable {

    @Override
    public void call(Iterator<Row> partition) throws SQLException {
      if (!partition.hasNext()) {
        return;
      }
      BinaryCopyRows encoder = new BinaryCopyRows(schema);
      try (Connection connection = DriverManager.getConnection(url, properties)) {
        CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy);
        try {
          encoder.header();
          while (partition.hasNext()) {
            encoder.append(partition.next());
            if (encoder.length() >= FLUSH_BYTES) {
              in.writeToCopy(encoder.bytes(), 0, encoder.length());
              encoder.clear();
            }
          }
          encoder.trailer();
          in.writeToCopy(encoder.bytes(), 0, encoder.length());
          in.endCopy();
        } finally {
          if (in.isActive()) {
            in.cancelCopy();
          }
        }
      }
    }
  }
}
