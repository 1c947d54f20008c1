package io.stockpipe.report.html;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockpipe.errors.PipelineException;
import io.stockpipe.report.analysis.DecileReturns;
import io.stockpipe.report.analysis.ReportTables;
import io.stockpipe.report.data.ReportData;
import io.stockpipe.report.data.ShownModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * The report as one HTML document: styles, ECharts and every chart's data inline, nothing fetched.
 * A Content-Security-Policy forbids any fetch, so a page that opens here opens anywhere. When every
 * chart has drawn, the root element carries {@code data-report-ready="true"} and {@code
 * data-charts-drawn}; any script error is in {@code data-js-errors} and shown at the top.
 *
 * <p>Thread-safe: each render builds its own state.
 */
public final class ReportPage {
  /** The chart library, inlined from its WebJar: Apache ECharts, Apache-2.0. */
  static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The page, and how many charts it will draw. */
  public record Rendered(String html, int charts) {}

  private final List<String> chartBlocks = new ArrayList<>();
  private final StringBuilder body = new StringBuilder();

  private ReportPage() {}

  /**
   * Renders the report of {@code data}; {@code csvFiles} are the CSV files written beside it,
   * linked by their names.
   */
  public static Rendered render(ReportData data, ReportTables tables, List<String> csvFiles) {
    ReportPage page = new ReportPage();
    page.build(data, tables, csvFiles);
    return page.finish(data);
  }

  private void build(ReportData data, ReportTables tables, List<String> csvFiles) {
    Optional<ShownModel> model = data.model();
    body.append("<header><h1>stockpipe: the report of ")
        .append(data.date())
        .append("</h1>\n<p class=\"lede\">");
    if (model.isEmpty()) {
      body.append("No model has predicted on or before this date yet.");
    } else {
      ShownModel shown = model.get();
      Table predictions = data.predictions();
      body.append("Model <b>")
          .append(Html.escape(shown.name()))
          .append("</b> ranked ")
          .append(predictions.rowCount())
          .append(" symbols on ")
          .append(shown.predictedOn());
      if (predictions.rowCount() > 0) {
        body.append(" for ").append(predictions.dateColumn("target_date").get(0));
      }
      body.append(".");
      if (!shown.predictedOn().equals(data.date())) {
        body.append(" <span class=\"warn\">It has no predictions of ")
            .append(data.date())
            .append(": these are its newest before it.</span>");
      }
    }
    body.append("</p></header>\n<div id=\"js-errors\" hidden></div>\n");
    rankings(data, tables);
    longShort(tables);
    rankIc(data, tables);
    deciles(tables);
    stability(tables);
    priceCharts(data, tables);
    provenance(tables);
    operations(data);
    downloads(csvFiles);
  }

  private void rankings(ReportData data, ReportTables tables) {
    Map<String, List<Double>> closes = closesBySymbol(data.prices());
    boolean classifier = data.model().map(m -> "sign".equals(m.target())).orElse(false);
    List<Html.Column> columns =
        List.of(
            Html.Column.numeric("rank", row -> Integer.toString(row.getInt("rank"))),
            Html.Column.text("symbol", row -> row.getString("symbol")),
            classifier
                ? Html.Column.numeric(
                    "P(up)", row -> Html.number(doubleOrNaN(row, "probability_up"), 3))
                : Html.Column.numeric(
                    "predicted return", row -> Html.percent(doubleOrNaN(row, "predicted_return"))),
            Html.Column.numeric(
                "last close", row -> Html.number(doubleOrNaN(row, "last_close"), 2)),
            Html.Column.text(
                "60 days",
                row -> Sparkline.svg(closes.getOrDefault(row.getString("symbol"), List.of()))));
    section("rankings", "The next trading day: top and bottom 20");
    body.append("<div class=\"pair\"><div><h3>Top 20 (buy side)</h3>\n")
        .append(Html.table(tables.top(), columns, "No predictions.", "60 days"))
        .append("</div><div><h3>Bottom 20 (sell side)</h3>\n")
        .append(Html.table(tables.bottom(), columns, "No predictions.", "60 days"))
        .append("</div></div>\n");
  }

  private void longShort(ReportTables tables) {
    section("long-short", "Long-short: top minus bottom decile, the last year");
    if (tables.longShort().rowCount() == 0) {
      empty("No scored dates yet: the score step fills these once target dates have closed.");
      return;
    }
    chart(
        ChartOptions.modelLines(
            "Cumulative long-short return", tables.longShort(), "cumulative_return", "%", true));
    chart(ChartOptions.modelLines("Drawdown", tables.longShort(), "drawdown", "%", true));
  }

  private void rankIc(ReportData data, ReportTables tables) {
    section("rank-ic", "Rank IC per model");
    if (data.scorecard().rowCount() == 0) {
      empty("No scored dates yet.");
      return;
    }
    chart(ChartOptions.rankIc(data.scorecard(), data.model().map(ShownModel::name).orElse("")));
    body.append(
        Html.table(
            tables.icSummary(),
            List.of(
                Html.Column.text("model", row -> row.getString("model_name")),
                Html.Column.text("kind", row -> row.getString("model_kind")),
                Html.Column.numeric("days", row -> Integer.toString(row.getInt("days"))),
                Html.Column.numeric("mean IC", row -> Html.number(row.getDouble("mean_ic"), 4)),
                Html.Column.numeric(
                    "mean rank IC", row -> Html.number(row.getDouble("mean_rank_ic"), 4)),
                Html.Column.numeric("t", row -> Html.number(row.getDouble("rank_ic_t_stat"), 2)),
                Html.Column.numeric("IC IR", row -> Html.number(row.getDouble("rank_ic_ir"), 3)),
                Html.Column.numeric("hit rate", row -> Html.number(row.getDouble("hit_rate"), 3)),
                Html.Column.numeric(
                    "long-short / day", row -> Html.percent(row.getDouble("mean_long_short"))),
                Html.Column.numeric(
                    "cumulative", row -> Html.percent(row.getDouble("cumulative_long_short"))),
                Html.Column.numeric(
                    "max drawdown", row -> Html.percent(row.getDouble("max_drawdown")))),
            "No scored dates."));
    body.append(
        "<p class=\"note\">t: mean rank IC over its standard error, the days taken as"
            + " independent. IC IR: mean over standard deviation, per day.</p>\n");
  }

  private void deciles(ReportTables tables) {
    section("deciles", "Mean next-day return per prediction decile");
    if (tables.deciles().rowCount() == 0) {
      empty("No prediction of the last year has a realised return yet.");
      return;
    }
    chart(ChartOptions.deciles(tables.deciles()));
    body.append("<p class=\"note\">")
        .append(
            DecileReturns.monotone(tables.deciles())
                ? "Monotone: every decile's mean return is above the one below it."
                : "Not monotone: some decile's mean return is not above the one below it.")
        .append("</p>\n");
  }

  private void stability(ReportTables tables) {
    section("stability", "Turnover and rank autocorrelation");
    Table stability = tables.stability();
    if (stability.rowCount() == 0) {
      empty("Fewer than two prediction dates in the last year.");
      return;
    }
    chart(ChartOptions.stability(stability));
    body.append("<p class=\"note\">Mean top-decile turnover ")
        .append(Html.percent(stability.doubleColumn("top_decile_turnover").removeMissing().mean()))
        .append(" a day; mean rank autocorrelation ")
        .append(
            Html.number(stability.doubleColumn("rank_autocorrelation").removeMissing().mean(), 3))
        .append(".</p>\n");
  }

  private void priceCharts(ReportData data, ReportTables tables) {
    section("top-symbols", "The top 5: prices and the model's calls of the last 60 days");
    if (tables.topSymbols().isEmpty()) {
      empty("No predictions.");
      return;
    }
    Table history = data.history();
    Table prices = data.prices();
    for (String symbol : tables.topSymbols()) {
      Table closes = prices.where(prices.stringColumn("symbol").isEqualTo(symbol));
      LocalDate first =
          closes.rowCount() == 0 ? data.date() : closes.dateColumn("trade_date").min();
      chart(
          ChartOptions.priceWithPredictions(
              symbol,
              closes,
              history.where(history.stringColumn("symbol").isEqualTo(symbol)),
              first));
    }
  }

  private void provenance(ReportTables tables) {
    section("provenance", "Provenance of the model shown");
    body.append(
        Html.table(
            tables.provenance(),
            List.of(
                Html.Column.text("field", row -> row.getString("field")),
                Html.Column.text("value", row -> row.getString("value"))),
            "No model."));
  }

  private void operations(ReportData data) {
    section("data-quality", "Data quality");
    Table quality = data.dataQuality();
    Table problems =
        quality.where(
            quality
                .longColumn("missing_days_60")
                .isGreaterThan(0)
                .or(quality.longColumn("last_ingest_rejects").isGreaterThan(0)));
    body.append("<p>")
        .append(quality.rowCount())
        .append(" symbols; ")
        .append(problems.rowCount())
        .append(
            " with trading days missing in the last 60 or rows refused by the last ingest"
                + " (all symbols are in data_quality.csv).</p>\n")
        .append(
            Html.table(
                problems,
                List.of(
                    Html.Column.text("symbol", row -> row.getString("symbol")),
                    Html.Column.text(
                        "last bar", row -> String.valueOf(row.getDate("last_bar_date"))),
                    Html.Column.numeric(
                        "missing of 60", row -> Long.toString(row.getLong("missing_days_60"))),
                    Html.Column.numeric(
                        "rejects", row -> Long.toString(row.getLong("last_ingest_rejects"))),
                    Html.Column.text("rules", row -> row.getString("last_ingest_reject_rules"))),
                "Every symbol has every trading day of the last 60, and the last ingest refused"
                    + " nothing."));
    section("job-runs", "The night's job runs");
    body.append(
        Html.table(
            data.jobRuns(),
            List.of(
                Html.Column.text("step", row -> row.getString("step")),
                Html.Column.text("status", row -> row.getString("status")),
                Html.Column.numeric(
                    "seconds", row -> Html.number(doubleOrNaN(row, "duration_seconds"), 1)),
                Html.Column.numeric(
                    "rows", row -> row.isMissing("rows") ? "" : Long.toString(row.getLong("rows"))),
                Html.Column.text("by", row -> row.getString("triggered_by")),
                Html.Column.text("message", row -> row.getString("message"))),
            "No job ran for this date."));
  }

  private void downloads(List<String> csvFiles) {
    section("downloads", "The tables as CSV");
    body.append("<ul class=\"files\">");
    for (String file : csvFiles) {
      body.append("<li><a href=\"")
          .append(Html.escape(file))
          .append("\">")
          .append(Html.escape(file))
          .append("</a></li>");
    }
    body.append("</ul>\n");
  }

  private void section(String id, String title) {
    body.append("<h2 id=\"").append(id).append("\">").append(Html.escape(title)).append("</h2>\n");
  }

  private void empty(String text) {
    body.append("<p class=\"empty\">").append(Html.escape(text)).append("</p>\n");
  }

  private void chart(Map<String, Object> option) {
    String id = "chart-" + (chartBlocks.size() + 1);
    try {
      // "</" would end the script element early; JSON allows the escaped slash.
      String json = JSON.writeValueAsString(option).replace("</", "<\\/");
      chartBlocks.add(id);
      body.append("<div class=\"chart\" data-chart=\"")
          .append(id)
          .append("\"></div>\n<script type=\"application/json\" id=\"")
          .append(id)
          .append("\">")
          .append(json)
          .append("</script>\n");
    } catch (JsonProcessingException e) {
      throw new PipelineException("could not write the options of chart " + id, e);
    }
  }

  private Rendered finish(ReportData data) {
    String html =
        "<!DOCTYPE html>\n<html lang=\"en\" data-charts-expected=\""
            + chartBlocks.size()
            + "\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
            + " script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>stockpipe report "
            + data.date()
            + "</title>\n<script>\n"
            + resource("/io/stockpipe/report/html/errors.js")
            + "</script>\n<style>\n"
            + resource("/io/stockpipe/report/html/report.css")
            + "</style>\n</head>\n<body>\n"
            + body
            + "<footer>Written by stockpipe from the report views. Charts: Apache ECharts"
            + " (Apache-2.0), inlined.</footer>\n<script>\n"
            + resource(ECHARTS)
            + "\n</script>\n<script>\n"
            + resource("/io/stockpipe/report/html/draw.js")
            + "</script>\n</body>\n</html>\n";
    return new Rendered(html, chartBlocks.size());
  }

  private static Map<String, List<Double>> closesBySymbol(Table prices) {
    Map<String, List<Double>> closes = new HashMap<>();
    for (Row row : prices) {
      closes
          .computeIfAbsent(row.getString("symbol"), symbol -> new ArrayList<>())
          .add(row.getDouble("close"));
    }
    return closes;
  }

  private static double doubleOrNaN(Row row, String column) {
    return row.isMissing(column) ? Double.NaN : row.getNumber(column);
  }

  private static String resource(String path) {
    try (InputStream in = ReportPage.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new PipelineException("the report's resource " + path + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PipelineException("could not read the report's resource " + path, e);
    }
  }
}
