package io.stockpipe.model.baseline;

import io.stockpipe.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A feature set whose label is a known linear function of two features plus small noise, so that a
 * linear model must find it: {@code label = 0.01 * signal_a - 0.005 * signal_b + N(0, 0.001)}.
 * Holes are planted to be dropped: ret_20 is NULL on every symbol's first {@link
 * #WINDOW_NOT_FULL_DAYS} dates, the last date has no label, and one row has no label_row at all.
 */
public final class SyntheticMarket {
  public static final String VERSION = "synthetic-0123456789ab";
  public static final List<String> FEATURE_NAMES =
      List.of("ret_1", "ret_5", "ret_20", "vol_20", "signal_a", "signal_b");
  public static final int SYMBOLS = 30;
  public static final int DAYS = 300;
  public static final int WINDOW_NOT_FULL_DAYS = 20;
  public static final int DAY_WITHOUT_LABEL_ROW = 250;

  /** Every weekday from the first: holidays too, since only the days' order matters here. */
  public final List<LocalDate> dates;

  public SyntheticMarket() {
    this(LocalDate.of(2021, 1, 4));
  }

  public SyntheticMarket(LocalDate firstDate) {
    this.dates = weekdays(firstDate, DAYS);
  }

  public void insert(Database database) throws SQLException {
    insert(database, VERSION, FEATURE_NAMES);
  }

  public void insert(Database database, String version, List<String> featureNames)
      throws SQLException {
    Random random = new Random(42);
    try (Connection connection = database.dataSource().getConnection()) {
      insertFeatureSet(connection, version, "none", featureNames);
      try (PreparedStatement features =
              connection.prepareStatement(
                  "INSERT INTO feature_row (feature_set_version, symbol, trade_date, features)"
                      + " VALUES (?, ?, ?, ?)");
          PreparedStatement labels =
              connection.prepareStatement(
                  "INSERT INTO label_row (symbol, trade_date, next_return_1d) VALUES (?, ?, ?)"
                      + " ON CONFLICT DO NOTHING")) {
        for (int symbol = 0; symbol < SYMBOLS; symbol++) {
          String ticker = "S" + symbol;
          for (int day = 0; day < DAYS; day++) {
            Double[] values = new Double[featureNames.size()];
            for (int i = 0; i < values.length; i++) {
              boolean isSignal = featureNames.get(i).startsWith("signal");
              values[i] = random.nextGaussian() * (isSignal ? 1.0 : 0.02);
            }
            if (day < WINDOW_NOT_FULL_DAYS && featureNames.contains("ret_20")) {
              values[featureNames.indexOf("ret_20")] = null;
            }
            double label =
                0.01 * values[featureNames.indexOf("signal_a")]
                    - 0.005 * values[featureNames.indexOf("signal_b")]
                    + random.nextGaussian() * 0.001;
            features.setString(1, version);
            features.setString(2, ticker);
            features.setObject(3, dates.get(day));
            features.setArray(4, connection.createArrayOf("float8", values));
            features.addBatch();
            if (symbol == 0 && day == DAY_WITHOUT_LABEL_ROW) {
              continue;
            }
            labels.setString(1, ticker);
            labels.setObject(2, dates.get(day));
            if (day == DAYS - 1) {
              labels.setNull(3, Types.DOUBLE);
            } else {
              labels.setDouble(3, label);
            }
            labels.addBatch();
          }
        }
        features.executeBatch();
        labels.executeBatch();
      }
    }
  }

  /**
   * Scrambles every label and feature after {@code lastKept}: a model retrained on the dates up to
   * it must not move, which shows that later dates play no part in its training.
   */
  public static void scrambleAfter(Database database, LocalDate lastKept) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "UPDATE label_row SET next_return_1d = -next_return_1d * 7 WHERE trade_date > '"
              + lastKept
              + "'");
      statement.execute(
          "UPDATE feature_row SET features = ARRAY(SELECT -x * 3 FROM unnest(features) x)"
              + " WHERE trade_date > '"
              + lastKept
              + "'");
    }
  }

  public static void insertFeatureSet(
      Connection connection, String version, String normalisation, List<String> names)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO feature_set (version, registry_hash, normalisation, feature_names,"
                + " definitions, created_at) VALUES (?, ?, ?, ?, 'synthetic', now())")) {
      insert.setString(1, version);
      insert.setString(2, "0123456789ab".repeat(5) + "0123");
      insert.setString(3, normalisation);
      insert.setArray(4, connection.createArrayOf("text", names.toArray()));
      insert.executeUpdate();
    }
    // feature_row has one partition per version (V6); the feature job creates it the same way.
    try (PreparedStatement partition =
        connection.prepareStatement("SELECT ensure_feature_row_partition(?)")) {
      partition.setString(1, version);
      partition.execute();
    }
  }

  public LocalDate date(int day) {
    return dates.get(day);
  }

  private static List<LocalDate> weekdays(LocalDate first, int count) {
    List<LocalDate> dates = new ArrayList<>();
    for (LocalDate date = first; dates.size() < count; date = date.plusDays(1)) {
      if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
        dates.add(date);
      }
    }
    return dates;
  }
}
