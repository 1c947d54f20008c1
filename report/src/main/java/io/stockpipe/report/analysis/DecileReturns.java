package io.stockpipe.report.analysis;

import static tech.tablesaw.aggregate.AggregateFunctions.count;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The mean realised return of each score decile (10 = the highest scores), over every prediction of
 * the report's year whose return is known: Alphalens' first question, is the ranking monotone?
 */
public final class DecileReturns {
  private DecileReturns() {}

  /** From prediction history rows (decile, realised_return): decile, predictions, mean_return. */
  public static Table of(Table history) {
    Table known = history.dropWhere(history.doubleColumn("realised_return").isMissing());
    if (known.rowCount() == 0) {
      return Table.create(
          "deciles",
          IntColumn.create("decile"),
          DoubleColumn.create("predictions"),
          DoubleColumn.create("mean_return"));
    }
    Table summary =
        known.summarize("realised_return", count, mean).by("decile").sortAscendingOn("decile");
    summary.column(1).setName("predictions");
    summary.column(2).setName("mean_return");
    summary.setName("deciles");
    return summary;
  }

  /** Whether the mean return rises with every decile (strictly); false for fewer than two. */
  public static boolean monotone(Table deciles) {
    DoubleColumn means = deciles.doubleColumn("mean_return");
    if (means.size() < 2) {
      return false;
    }
    for (int i = 1; i < means.size(); i++) {
      if (!(means.getDouble(i) > means.getDouble(i - 1))) {
        return false;
      }
    }
    return true;
  }
}
