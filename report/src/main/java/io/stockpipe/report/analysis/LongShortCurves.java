package io.stockpipe.report.analysis;

import java.time.LocalDate;
import java.util.List;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Each model's and baseline's top-minus-bottom-decile return, compounded day by day, and its
 * drawdown from the running peak. A date without a long-short (too few symbols) adds nothing.
 */
public final class LongShortCurves {
  private LongShortCurves() {}

  /**
   * From report.model_scorecard rows (model_name, model_kind, as_of_date, target_date,
   * long_short_return), one row per model and date: the day's return, the cumulative return and the
   * drawdown, in date order per model.
   */
  public static Table of(Table scorecard) {
    StringColumn model = StringColumn.create("model_name");
    StringColumn kind = StringColumn.create("model_kind");
    DateColumn asOf = DateColumn.create("as_of_date");
    DateColumn target = DateColumn.create("target_date");
    DoubleColumn daily = DoubleColumn.create("long_short_return");
    DoubleColumn cumulative = DoubleColumn.create("cumulative_return");
    DoubleColumn drawdown = DoubleColumn.create("drawdown");
    for (Table one : scorecard.splitOn("model_name").asTableList()) {
      Table sorted =
          one.dropWhere(one.doubleColumn("long_short_return").isMissing())
              .sortAscendingOn("as_of_date");
      double wealth = 1.0;
      double peak = 1.0;
      for (int row = 0; row < sorted.rowCount(); row++) {
        double day = sorted.doubleColumn("long_short_return").getDouble(row);
        wealth *= 1.0 + day;
        peak = Math.max(peak, wealth);
        model.append(sorted.stringColumn("model_name").get(row));
        kind.append(sorted.stringColumn("model_kind").get(row));
        asOf.append(sorted.dateColumn("as_of_date").get(row));
        target.append(sorted.dateColumn("target_date").get(row));
        daily.append(day);
        cumulative.append(wealth - 1.0);
        drawdown.append(wealth / peak - 1.0);
      }
    }
    return Table.create("long_short", model, kind, asOf, target, daily, cumulative, drawdown);
  }

  /** The deepest drawdown of one model's curve (0 when it never fell), or NaN without rows. */
  public static double maxDrawdown(Table curves, String modelName) {
    Table one = curves.where(curves.stringColumn("model_name").isEqualTo(modelName));
    return one.rowCount() == 0 ? Double.NaN : Math.min(0.0, one.doubleColumn("drawdown").min());
  }

  /** The dates of a curve table, in order and without repeats: the shared x axis of its chart. */
  public static List<LocalDate> dates(Table curves) {
    return curves.dateColumn("as_of_date").unique().sorted(LocalDate::compareTo).asList();
  }
}
