package io.stockpipe.features.spark;

import io.stockpipe.features.labels.LabelDefinition;
import io.stockpipe.features.registry.FeatureRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The Spark plan generated from the registry: base series first (each may use the ones before it),
 * then every feature and label as a window expression over one symbol's rows in date order.
 *
 * <p>Features only ever use frames that end at the current row and {@code lag}; the labels' {@code
 * lead} is computed beside them but goes to label_row only.
 */
public final class FeaturePlan {
  /** Column holding the last date, within the longest label horizon, that a row's labels read. */
  static final String LABELS_REACH = "labels_reach";

  /** Columns that hold the running-frame aggregates the features share; never stored. */
  private static final String SHARED_PREFIX = "running_window_";

  private final FeatureRegistry registry;
  private final boolean runningFrames;

  public FeaturePlan(FeatureRegistry registry) {
    this(registry, true);
  }

  /**
   * @param runningFrames whether rolling aggregates run over the running frame ({@link
   *     RunningFrames}: the same values, faster) or as the registry writes them (sliding frames:
   *     for tests, and to rule the rewrite out when a value looks wrong). Either way, a rolling
   *     aggregate that several features use is computed once, in a column of its own.
   */
  public FeaturePlan(FeatureRegistry registry, boolean runningFrames) {
    this.registry = registry;
    this.runningFrames = runningFrames;
  }

  /**
   * symbol, trade_date, one column per feature (registry order), one per label, and {@link
   * #LABELS_REACH}, for every bar read.
   */
  public Dataset<Row> compute(Dataset<Row> bars) {
    RunningFrames frames = new RunningFrames();
    UnaryOperator<String> executable = runningFrames ? frames::rewrite : UnaryOperator.identity();
    List<String> seriesSql =
        registry.series().stream().map(s -> executable.apply(s.sql())).toList();
    Map<String, String> shared = new LinkedHashMap<>();
    UnaryOperator<String> share =
        text -> shared.computeIfAbsent(text, t -> SHARED_PREFIX + shared.size());
    List<String> featureSql =
        registry.features().stream()
            .map(
                f ->
                    runningFrames
                        ? shareCalls(frames.rewrite(f.sql()), share)
                        : RunningFrames.shareAsWritten(f.sql(), share))
            .toList();
    frames.register(bars.sparkSession());

    Dataset<Row> withSeries = bars;
    for (int i = 0; i < seriesSql.size(); i++) {
      withSeries =
          withSeries.withColumn(registry.series().get(i).name(), functions.expr(seriesSql.get(i)));
    }
    if (!shared.isEmpty()) {
      List<Column> withWindows = new ArrayList<>();
      for (String column : withSeries.columns()) {
        withWindows.add(functions.col(column));
      }
      shared.forEach((call, column) -> withWindows.add(functions.expr(call).as(column)));
      withSeries = withSeries.select(withWindows.toArray(Column[]::new));
    }
    List<Column> columns = new ArrayList<>();
    columns.add(functions.col("symbol"));
    columns.add(functions.col("trade_date"));
    for (int i = 0; i < featureSql.size(); i++) {
      columns.add(
          functions.expr(featureSql.get(i)).cast("double").as(registry.features().get(i).name()));
    }
    for (LabelDefinition label : LabelDefinition.ALL) {
      columns.add(functions.expr(label.sql()).as(label.column()));
    }
    columns.add(
        functions
            .expr(
                "max(trade_date) OVER (PARTITION BY symbol ORDER BY trade_date"
                    + " ROWS BETWEEN CURRENT ROW AND "
                    + LabelDefinition.maxHorizonRows()
                    + " FOLLOWING)")
            .as(LABELS_REACH));
    return withSeries.select(columns.toArray(Column[]::new));
  }

  /**
   * {@code sql} with each running-frame call replaced by the column that {@code share} names for
   * it, which computes it once for all features: Spark evaluates every occurrence of a window
   * function on its own, and v2's features share most of theirs (the same means, deviations and
   * fits at the same windows).
   */
  private static String shareCalls(String sql, UnaryOperator<String> share) {
    Matcher call = RunningFrames.CALL.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (call.find()) {
      String column = share.apply(call.group());
      call.appendReplacement(out, Matcher.quoteReplacement(column));
    }
    call.appendTail(out);
    return out.toString();
  }

  /** The features packed into one array column {@code features}, in registry order. */
  public Column featureArray() {
    return functions
        .array(registry.featureNames().stream().map(functions::col).toArray(Column[]::new))
        .as("features");
  }
}
