package io.stockpipe.report.analysis;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Per model and baseline over the report's year: mean IC and rank IC, the rank IC's t-statistic
 * (mean over its standard error, days treated as independent) and information ratio (mean over
 * standard deviation, per day), hit rate, and the long-short record.
 */
public final class IcStatistics {
  private IcStatistics() {}

  /** One row per model of {@code scorecard}, models before baselines, then by name. */
  public static Table of(Table scorecard, Table longShortCurves) {
    StringColumn model = StringColumn.create("model_name");
    StringColumn kind = StringColumn.create("model_kind");
    IntColumn days = IntColumn.create("days");
    DoubleColumn meanIc = DoubleColumn.create("mean_ic");
    DoubleColumn meanRankIc = DoubleColumn.create("mean_rank_ic");
    DoubleColumn tStat = DoubleColumn.create("rank_ic_t_stat");
    DoubleColumn informationRatio = DoubleColumn.create("rank_ic_ir");
    DoubleColumn hitRate = DoubleColumn.create("hit_rate");
    DoubleColumn meanLongShort = DoubleColumn.create("mean_long_short");
    DoubleColumn cumulative = DoubleColumn.create("cumulative_long_short");
    DoubleColumn maxDrawdown = DoubleColumn.create("max_drawdown");
    Table sorted = scorecard.sortOn("model_kind", "model_name");
    for (Table one : sorted.splitOn("model_kind", "model_name").asTableList()) {
      String name = one.stringColumn("model_name").get(0);
      DoubleColumn rankIc = one.doubleColumn("rank_ic").removeMissing();
      int n = rankIc.size();
      double mean = n == 0 ? Double.NaN : rankIc.mean();
      double deviation = n < 2 ? Double.NaN : rankIc.standardDeviation();
      model.append(name);
      kind.append(one.stringColumn("model_kind").get(0));
      days.append(n);
      meanIc.append(meanOrNaN(one.doubleColumn("ic")));
      meanRankIc.append(mean);
      tStat.append(deviation > 0 ? mean / (deviation / Math.sqrt(n)) : Double.NaN);
      informationRatio.append(deviation > 0 ? mean / deviation : Double.NaN);
      hitRate.append(meanOrNaN(one.doubleColumn("hit_rate")));
      meanLongShort.append(meanOrNaN(one.doubleColumn("long_short_return")));
      Table curve =
          longShortCurves.where(longShortCurves.stringColumn("model_name").isEqualTo(name));
      cumulative.append(
          curve.rowCount() == 0
              ? Double.NaN
              : curve.doubleColumn("cumulative_return").getDouble(curve.rowCount() - 1));
      maxDrawdown.append(LongShortCurves.maxDrawdown(longShortCurves, name));
    }
    Table table =
        Table.create(
            "ic_summary",
            model,
            kind,
            days,
            meanIc,
            meanRankIc,
            tStat,
            informationRatio,
            hitRate,
            meanLongShort,
            cumulative,
            maxDrawdown);
    // dl4j sorts before naive: the trained models head the table, the baselines follow.
    return table;
  }

  private static double meanOrNaN(DoubleColumn column) {
    DoubleColumn present = column.removeMissing();
    return present.isEmpty() ? Double.NaN : present.mean();
  }
}
