package io.stockpipe.report.analysis;

import io.stockpipe.report.data.ReportData;
import io.stockpipe.report.data.ReportReader;
import io.stockpipe.report.data.ShownModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Every table a report shows, worked out once from its data, so that the page and its CSV files say
 * the same.
 *
 * @param top the {@link ReportReader#LISTED_PER_SIDE} best-ranked predictions of the date
 * @param bottom the worst-ranked ones, worst last
 * @param longShort each model's and baseline's compounded long-short and drawdown
 * @param icSummary IC statistics per model and baseline
 * @param deciles mean realised return per score decile of the shown model
 * @param stability turnover and rank autocorrelation of the shown model, by date
 * @param topSymbols the five best-ranked symbols, whose charts the report draws
 * @param provenance the shown model's provenance as field and value
 */
public record ReportTables(
    Table top,
    Table bottom,
    Table longShort,
    Table icSummary,
    Table deciles,
    Table stability,
    List<String> topSymbols,
    Table provenance) {

  /** How many of the best-ranked symbols get a price chart. */
  public static final int CHARTED_SYMBOLS = 5;

  public static ReportTables of(ReportData data) {
    Table predictions = data.predictions();
    int rows = predictions.rowCount();
    Table top = predictions.first(Math.min(ReportReader.LISTED_PER_SIDE, rows)).copy();
    top.setName("top");
    Table bottom = predictions.last(Math.min(ReportReader.LISTED_PER_SIDE, rows)).copy();
    bottom.setName("bottom");
    Table longShort = LongShortCurves.of(data.scorecard());
    List<String> topSymbols =
        new ArrayList<>(
            predictions
                .stringColumn("symbol")
                .asList()
                .subList(0, Math.min(CHARTED_SYMBOLS, rows)));
    return new ReportTables(
        top,
        bottom,
        longShort,
        IcStatistics.of(data.scorecard(), longShort),
        DecileReturns.of(data.history()),
        RankStability.of(data.history()),
        topSymbols,
        provenance(data));
  }

  private static Table provenance(ReportData data) {
    Map<String, String> fields = new LinkedHashMap<>();
    data.model()
        .ifPresent(
            (ShownModel model) -> {
              fields.put(
                  "model", model.name() + " (id " + model.id() + ", " + model.status() + ")");
              fields.put(
                  "network", model.architecture() + ", " + model.target() + " on " + model.label());
              fields.put("training dates", model.trainFrom() + " to " + model.trainTo());
              fields.put(
                  "validation dates", model.validationFrom() + " to " + model.validationTo());
              fields.put("feature set", model.featureSetVersion());
              fields.put("feature set hash", model.featureSetHash());
              fields.put("config hash", model.configHash());
              fields.put("code version", model.codeVersion());
              fields.put("model SHA-256", model.modelSha256());
              fields.put("predictions of", model.predictedOn().toString());
            });
    return Table.create(
        "provenance",
        StringColumn.create("field", fields.keySet()),
        StringColumn.create("value", fields.values()));
  }
}
