package io.stockpipe.features.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import io.stockpipe.spark.JdbcEndpoint;
import io.stockpipe.spark.SparkSessions;
import io.stockpipe.spark.SparkSettings;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the binary COPY writes is exactly what Spark held: every double bit for bit, NULLs kept. */
@ExtendWith(PostgresExtension.class)
class StagingWriterTest {
  private static final double[] AWKWARD = {
    0.1, -0.0, 1e-310, Double.MAX_VALUE, -Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY
  };

  @Test
  void writesTextDatesDoublesAndArraysWithNullsExactly(Database database) throws SQLException {
    SparkSession spark = SparkSessions.getOrCreate(new SparkSettings("local[2]", 2, 2));
    StructType schema =
        new StructType()
            .add("build_id", DataTypes.StringType)
            .add("symbol", DataTypes.StringType)
            .add("trade_date", DataTypes.DateType)
            .add("features", DataTypes.createArrayType(DataTypes.DoubleType, true));
    List<LocalDate> dates =
        List.of(
            LocalDate.of(1999, 12, 31),
            LocalDate.of(2000, 1, 1),
            LocalDate.of(1970, 1, 1),
            LocalDate.of(2024, 2, 29),
            LocalDate.of(2100, 3, 1));
    List<Staged> written = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < dates.size(); i++) {
      Double[] features = new Double[AWKWARD.length + 1];
      for (int j = 0; j < AWKWARD.length; j++) {
        features[j] = AWKWARD[(i + j) % AWKWARD.length];
      }
      features[(i * 3) % features.length] = null;
      written.add(new Staged("b-1", "SYM\u00c9" + i, dates.get(i), bits(Arrays.asList(features))));
      rows.add(
          RowFactory.create(
              "b-1",
              "SYM\u00c9" + i,
              java.sql.Date.valueOf(dates.get(i)),
              Arrays.asList(features)));
    }
    Dataset<Row> frame = spark.createDataFrame(rows, schema).repartition(3);

    new StagingWriter(new JdbcEndpoint(TestDatabase.jdbcUrl(), "postgres", ""))
        .append(frame, "feature_row_staging");

    List<Staged> stored = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT build_id, symbol, trade_date, features FROM feature_row_staging"
                    + " ORDER BY symbol")) {
      while (result.next()) {
        Array features = result.getArray(4);
        stored.add(
            new Staged(
                result.getString(1),
                result.getString(2),
                result.getObject(3, LocalDate.class),
                bits(Arrays.asList((Double[]) features.getArray()))));
      }
    }
    assertThat(stored).isEqualTo(written);
  }

  /** A staged row, its doubles as bits: NaN equals NaN, and -0.0 differs from 0.0. */
  private record Staged(String buildId, String symbol, LocalDate date, List<Long> featureBits) {}

  private static List<Long> bits(List<Double> values) {
    return values.stream()
        .map(value -> value == null ? null : Double.doubleToRawLongBits(value))
        .toList();
  }

  @Test
  void refusesAColumnTypeItCannotWriteBeforeAnyTaskRuns() {
    SparkSession spark = SparkSessions.getOrCreate(new SparkSettings("local[2]", 2, 2));
    Dataset<Row> frame = spark.sql("SELECT 'b' AS build_id, 1 AS symbol");
    assertThatThrownBy(
            () ->
                new StagingWriter(new JdbcEndpoint(TestDatabase.jdbcUrl(), "postgres", ""))
                    .append(frame, "feature_row_staging"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column symbol is int");
  }
}
