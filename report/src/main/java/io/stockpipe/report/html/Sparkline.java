package io.stockpipe.report.html;

import java.util.List;
import java.util.Locale;

/**
 * A price sparkline as inline SVG: a polyline scaled to the box, no axes, drawn by the browser
 * without script. Stateless, so thread-safe.
 */
final class Sparkline {
  static final int WIDTH = 120;
  static final int HEIGHT = 24;

  private Sparkline() {}

  /** The SVG of {@code closes} in date order; an empty string for fewer than two closes. */
  static String svg(List<Double> closes) {
    if (closes.size() < 2) {
      return "";
    }
    double low = closes.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double high = closes.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double span = high > low ? high - low : 1.0;
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < closes.size(); i++) {
      double x = (double) i * (WIDTH - 2) / (closes.size() - 1) + 1;
      double y = HEIGHT - 1 - (closes.get(i) - low) / span * (HEIGHT - 2);
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    boolean rose = closes.get(closes.size() - 1) >= closes.get(0);
    return "<svg class=\"spark\" width=\""
        + WIDTH
        + "\" height=\""
        + HEIGHT
        + "\" viewBox=\"0 0 "
        + WIDTH
        + " "
        + HEIGHT
        + "\" role=\"img\" aria-label=\"60-day closes\"><polyline fill=\"none\" stroke=\""
        + (rose ? "#1a7f37" : "#cf222e")
        + "\" stroke-width=\"1.2\" points=\""
        + points.toString().trim()
        + "\"/></svg>";
  }
}
