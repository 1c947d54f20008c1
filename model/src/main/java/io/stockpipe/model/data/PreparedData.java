package io.stockpipe.model.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Training and test rows with complete features and a label, cached.
 *
 * @param training columns {@link DataPreparation#COLUMNS}, dates in the training range
 * @param test the same columns, dates in the test range
 * @param counts what was read and dropped
 */
public record PreparedData(Dataset<Row> training, Dataset<Row> test, RowCounts counts) {
  public void release() {
    training.unpersist();
    test.unpersist();
  }
}
