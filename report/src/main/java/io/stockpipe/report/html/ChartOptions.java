package io.stockpipe.report.html;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * ECharts options for the report's charts, as maps that Jackson writes to JSON. Percentages are
 * multiplied by 100 here, since an option in JSON cannot carry a formatter function. Animation is
 * off: the page is read, and the browser test waits for the last frame. Stateless, so thread-safe.
 */
final class ChartOptions {
  private static final String MODEL_COLOUR_NOTE = "dashed: naive baselines";

  private ChartOptions() {}

  /** One line per model of {@code curves}, {@code column} against the date, in percent. */
  static Map<String, Object> modelLines(
      String title, Table curves, String column, String yName, boolean percent) {
    List<Object> series = new ArrayList<>();
    for (Table one : curves.splitOn("model_kind", "model_name").asTableList()) {
      List<Object> points = new ArrayList<>();
      for (Row row : one) {
        if (!row.isMissing(column)) {
          double value = row.getDouble(column);
          points.add(List.of(row.getDate("as_of_date").toString(), percent ? 100 * value : value));
        }
      }
      Map<String, Object> line = line(one.stringColumn("model_name").get(0), points);
      if ("naive".equals(one.stringColumn("model_kind").get(0))) {
        line.put("lineStyle", Map.of("type", "dashed", "width", 1.5));
      }
      series.add(line);
    }
    return timeChart(title + " (" + MODEL_COLOUR_NOTE + ")", yName, series);
  }

  /** The shown model's daily rank IC as bars, and each model's 20-day mean as a line. */
  static Map<String, Object> rankIc(Table scorecard, String shownModel) {
    List<Object> series = new ArrayList<>();
    List<Object> daily = new ArrayList<>();
    Table shown = scorecard.where(scorecard.stringColumn("model_name").isEqualTo(shownModel));
    for (Row row : shown) {
      if (!row.isMissing("rank_ic")) {
        daily.add(List.of(row.getDate("as_of_date").toString(), row.getDouble("rank_ic")));
      }
    }
    Map<String, Object> bars = new LinkedHashMap<>();
    bars.put("name", shownModel + " daily");
    bars.put("type", "bar");
    bars.put("data", daily);
    bars.put("itemStyle", Map.of("color", "#9ecae1"));
    series.add(bars);
    for (Table one : scorecard.splitOn("model_kind", "model_name").asTableList()) {
      List<Object> points = new ArrayList<>();
      for (Row row : one) {
        if (!row.isMissing("rank_ic_mean_20d")) {
          points.add(
              List.of(row.getDate("as_of_date").toString(), row.getDouble("rank_ic_mean_20d")));
        }
      }
      Map<String, Object> line = line(one.stringColumn("model_name").get(0) + " 20-day", points);
      if ("naive".equals(one.stringColumn("model_kind").get(0))) {
        line.put("lineStyle", Map.of("type", "dashed", "width", 1.5));
      }
      series.add(line);
    }
    return timeChart("Rank IC: daily, and the 20-day mean", "rank IC", series);
  }

  /** Mean realised return per score decile, in percent. */
  static Map<String, Object> deciles(Table deciles) {
    List<Object> categories = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    for (Row row : deciles) {
      categories.add("D" + row.getInt("decile"));
      values.add(100 * row.getDouble("mean_return"));
    }
    Map<String, Object> option =
        base("Mean next-day return per score decile (D10 = highest scores)");
    option.put("xAxis", Map.of("type", "category", "data", categories));
    option.put("yAxis", Map.of("type", "value", "name", "% per day", "scale", true));
    Map<String, Object> bars = new LinkedHashMap<>();
    bars.put("name", "mean return");
    bars.put("type", "bar");
    bars.put("data", values);
    bars.put("itemStyle", Map.of("color", "#3182bd"));
    option.put("series", List.of(bars));
    return option;
  }

  /** Top-decile turnover (percent, left axis) and rank autocorrelation (right axis) by date. */
  static Map<String, Object> stability(Table stability) {
    List<Object> turnover = new ArrayList<>();
    List<Object> autocorrelation = new ArrayList<>();
    for (Row row : stability) {
      String date = row.getDate("as_of_date").toString();
      if (!row.isMissing("top_decile_turnover")) {
        turnover.add(List.of(date, 100 * row.getDouble("top_decile_turnover")));
      }
      if (!row.isMissing("rank_autocorrelation")) {
        autocorrelation.add(List.of(date, row.getDouble("rank_autocorrelation")));
      }
    }
    Map<String, Object> option = base("Top-decile turnover and rank autocorrelation");
    option.put("xAxis", Map.of("type", "time"));
    option.put(
        "yAxis",
        List.of(
            Map.of("type", "value", "name", "turnover %", "min", 0, "max", 100),
            Map.of("type", "value", "name", "autocorrelation", "min", -1, "max", 1)));
    Map<String, Object> right = line("rank autocorrelation", autocorrelation);
    right.put("yAxisIndex", 1);
    option.put("series", List.of(line("top-decile turnover", turnover), right));
    return option;
  }

  /**
   * One symbol's closes, with a mark on each date the model predicted it: up for the top decile,
   * down for the bottom one, a dot in between.
   */
  static Map<String, Object> priceWithPredictions(
      String symbol, Table closes, Table predictions, LocalDate firstDate) {
    List<Object> line = new ArrayList<>();
    Map<LocalDate, Double> closeByDate = new LinkedHashMap<>();
    for (Row row : closes) {
      closeByDate.put(row.getDate("trade_date"), row.getDouble("close"));
      line.add(List.of(row.getDate("trade_date").toString(), row.getDouble("close")));
    }
    List<Object> top = new ArrayList<>();
    List<Object> middle = new ArrayList<>();
    List<Object> bottom = new ArrayList<>();
    for (Row row : predictions) {
      LocalDate date = row.getDate("as_of_date");
      Double close = closeByDate.get(date);
      if (close == null || date.isBefore(firstDate)) {
        continue;
      }
      List<Object> point = List.of(date.toString(), close, row.getInt("rank"));
      int decile = row.getInt("decile");
      (decile == 10 ? top : decile == 1 ? bottom : middle).add(point);
    }
    Map<String, Object> option = base(symbol + ": closes and the model's calls, last 60 days");
    option.put("xAxis", Map.of("type", "time"));
    option.put("yAxis", Map.of("type", "value", "scale", true, "name", "close"));
    List<Object> series = new ArrayList<>();
    series.add(line("close", line));
    series.add(marks("top decile", top, "triangle", "#1a7f37", 0));
    series.add(marks("middle", middle, "circle", "#8c959f", 0));
    series.add(marks("bottom decile", bottom, "triangle", "#cf222e", 180));
    option.put("series", series);
    return option;
  }

  private static Map<String, Object> marks(
      String name, List<Object> points, String symbol, String colour, int rotate) {
    Map<String, Object> scatter = new LinkedHashMap<>();
    scatter.put("name", name);
    scatter.put("type", "scatter");
    scatter.put("symbol", symbol);
    scatter.put("symbolRotate", rotate);
    scatter.put("symbolSize", 9);
    scatter.put("itemStyle", Map.of("color", colour));
    scatter.put("data", points);
    scatter.put("tooltip", Map.of("formatter", "{a}<br/>{c}"));
    return scatter;
  }

  private static Map<String, Object> timeChart(String title, String yName, List<Object> series) {
    Map<String, Object> option = base(title);
    option.put("xAxis", Map.of("type", "time"));
    option.put("yAxis", Map.of("type", "value", "name", yName, "scale", true));
    option.put("series", series);
    return option;
  }

  private static Map<String, Object> line(String name, List<Object> points) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("name", name);
    line.put("type", "line");
    line.put("showSymbol", false);
    line.put("data", points);
    return line;
  }

  private static Map<String, Object> base(String title) {
    Map<String, Object> option = new LinkedHashMap<>();
    option.put("animation", false);
    option.put("title", Map.of("text", title, "textStyle", Map.of("fontSize", 14)));
    option.put("tooltip", Map.of("trigger", "axis"));
    option.put("legend", Map.of("top", 24, "type", "scroll"));
    option.put("grid", Map.of("top", 64, "left", 56, "right", 56, "bottom", 32));
    return option;
  }
}
