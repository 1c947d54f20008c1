package io.stockpipe.features.registry;

import static io.stockpipe.features.reference.NullableMath.divide;
import static io.stockpipe.features.reference.NullableMath.minus;
import static io.stockpipe.features.reference.NullableMath.plus;

import io.stockpipe.features.reference.ReferenceSeries;
import io.stockpipe.features.reference.Rolling;
import java.util.ArrayList;
import java.util.List;

/**
 * Alpha158's rolling operators on the close (and the high and low for IMAX/IMIN), at its windows:
 * the linear fit (BETA, RSQR, RESI), quantiles and rank, where the extremes lie, and how many and
 * how large the up and down days were. Qlib's {@code + 1e-12} in denominators is NULL on zero here.
 */
final class PriceWindowFeatures {
  private PriceWindowFeatures() {}

  static final int[] WINDOWS = {5, 10, 20, 30, 60};

  static List<FeatureDefinition> all() {
    List<FeatureDefinition> features = new ArrayList<>();
    for (int rows : WINDOWS) {
      features.addAll(linearFit(rows));
    }
    for (int rows : WINDOWS) {
      features.addAll(distribution(rows));
    }
    for (int rows : WINDOWS) {
      features.addAll(extremes(rows));
    }
    for (int rows : WINDOWS) {
      features.addAll(upAndDown(rows));
    }
    return features;
  }

  /**
   * The fit of the close against the position 1..rows: Σ(x - x̄)² is the constant rows(rows²-1)/12,
   * so the slope is the centred position sum over it, R² the square of the correlation written with
   * the sample deviation, and the newest residual y - ȳ - slope (rows-1)/2.
   */
  private static List<FeatureDefinition> linearFit(int rows) {
    double positionSquares = rows * ((double) rows * rows - 1) / 12;
    String centred = Sql.centredPositionSum("close", rows);
    String slope = Sql.divide(centred, Sql.literal(positionSquares));
    String correlation =
        Sql.divide(
            centred,
            Sql.stdSample("close", rows)
                + " * "
                + Sql.literal(Math.sqrt(positionSquares * (rows - 1))));
    return List.of(
        feature(
            "beta_" + rows,
            rows,
            "slope(close against 1.." + rows + ") / close",
            "Least-squares trend of the last " + rows + " closes per row, relative to the close.",
            Sql.divide(slope, "close"),
            (s, t) -> divide(Rolling.slope(s::close, t, rows), s.close(t))),
        feature(
            "rsqr_" + rows,
            rows,
            "R² of that fit",
            "How straight the last " + rows + " closes lie; NULL when they are all equal.",
            "power(" + correlation + ", 2D)",
            (s, t) -> Rolling.rSquared(s::close, t, rows)),
        feature(
            "resi_" + rows,
            rows,
            "(close - fitted close) / close",
            "The close's residual from the " + rows + "-row trend line, relative to the close.",
            Sql.divide(
                "close - "
                    + Sql.mean("close", rows)
                    + " - "
                    + Sql.literal((rows - 1) / 2.0)
                    + " * "
                    + slope,
                "close"),
            (s, t) -> divide(Rolling.residual(s::close, t, rows), s.close(t))));
  }

  private static List<FeatureDefinition> distribution(int rows) {
    return List.of(
        feature(
            "qtlu_" + rows,
            rows,
            "quantile(close, " + rows + ", 0.8) / close",
            "Upper quintile of the last " + rows + " closes relative to the close.",
            Sql.divide(Sql.quantile("close", rows, 0.8), "close"),
            (s, t) -> divide(Rolling.quantile(s::close, t, rows, 0.8), s.close(t))),
        feature(
            "qtld_" + rows,
            rows,
            "quantile(close, " + rows + ", 0.2) / close",
            "Lower quintile of the last " + rows + " closes relative to the close.",
            Sql.divide(Sql.quantile("close", rows, 0.2), "close"),
            (s, t) -> divide(Rolling.quantile(s::close, t, rows, 0.2), s.close(t))),
        feature(
            "rank_" + rows,
            rows,
            "percentile rank of close among the last " + rows + " closes, ties averaged",
            "1 for a close above the last " + rows + ", 1/" + rows + " for one below them all.",
            Sql.percentRank("close", rows),
            (s, t) -> Rolling.percentRank(s::close, t, rows)));
  }

  private static List<FeatureDefinition> extremes(int rows) {
    String highest = Sql.extremePosition("high", rows, true);
    String lowest = Sql.extremePosition("low", rows, false);
    String days = Sql.literal(rows);
    return List.of(
        feature(
            "imax_" + rows,
            rows,
            "position of max(high, " + rows + ") / " + rows + ", 1 = oldest",
            "How recent the highest high of the window is: 1 for today.",
            Sql.divide(highest, days),
            (s, t) -> divide(Rolling.extremePosition(s::high, t, rows, true), (double) rows)),
        feature(
            "imin_" + rows,
            rows,
            "position of min(low, " + rows + ") / " + rows + ", 1 = oldest",
            "How recent the lowest low of the window is: 1 for today.",
            Sql.divide(lowest, days),
            (s, t) -> divide(Rolling.extremePosition(s::low, t, rows, false), (double) rows)),
        feature(
            "imxd_" + rows,
            rows,
            "(imax - imin) positions / " + rows,
            "Positive when the high came after the low: the window's last swing was up.",
            Sql.divide(highest + " - " + lowest, days),
            (s, t) ->
                divide(
                    minus(
                        Rolling.extremePosition(s::high, t, rows, true),
                        Rolling.extremePosition(s::low, t, rows, false)),
                    (double) rows)));
  }

  private static List<FeatureDefinition> upAndDown(int rows) {
    String up = Sql.mean(BaseSeries.UP_DAY.name(), rows);
    String down = Sql.mean(BaseSeries.DOWN_DAY.name(), rows);
    String gains = Sql.mean(BaseSeries.GAIN.name(), rows);
    String losses = Sql.mean(BaseSeries.LOSS.name(), rows);
    String moved = gains + " + " + losses;
    int history = rows + 1;
    return List.of(
        feature(
            "cntp_" + rows,
            history,
            "mean(close > close[t-1] over " + rows + " rows)",
            "Share of the last " + rows + " rows whose close rose.",
            up,
            (s, t) -> Rolling.mean(i -> BaseSeries.UP_DAY.at(s, i), t, rows)),
        feature(
            "cntn_" + rows,
            history,
            "mean(close < close[t-1] over " + rows + " rows)",
            "Share of the last " + rows + " rows whose close fell.",
            down,
            (s, t) -> Rolling.mean(i -> BaseSeries.DOWN_DAY.at(s, i), t, rows)),
        feature(
            "cntd_" + rows,
            history,
            "cntp - cntn",
            "Up days minus down days over the last " + rows + " rows, as a share.",
            up + " - " + down,
            (s, t) ->
                minus(
                    Rolling.mean(i -> BaseSeries.UP_DAY.at(s, i), t, rows),
                    Rolling.mean(i -> BaseSeries.DOWN_DAY.at(s, i), t, rows))),
        feature(
            "sump_" + rows,
            history,
            "sum(gain) / sum(|change|) over " + rows + " rows",
            "Share of the window's movement that was up (an RSI without smoothing).",
            Sql.divide(gains, moved),
            (s, t) ->
                divide(
                    sum(s, BaseSeries.GAIN, t, rows), absoluteSum(s, BaseSeries.CHANGE, t, rows))),
        feature(
            "sumn_" + rows,
            history,
            "sum(loss) / sum(|change|) over " + rows + " rows",
            "Share of the window's movement that was down.",
            Sql.divide(losses, moved),
            (s, t) ->
                divide(
                    sum(s, BaseSeries.LOSS, t, rows), absoluteSum(s, BaseSeries.CHANGE, t, rows))),
        feature(
            "sumd_" + rows,
            history,
            "(sum(gain) - sum(loss)) / sum(|change|) over " + rows + " rows",
            "Net movement over total movement; NULL when the close never moved.",
            Sql.divide(gains + " - " + losses, moved),
            (s, t) ->
                divide(
                    minus(sum(s, BaseSeries.GAIN, t, rows), sum(s, BaseSeries.LOSS, t, rows)),
                    absoluteSum(s, BaseSeries.CHANGE, t, rows))));
  }

  static Double sum(ReferenceSeries s, SeriesDefinition series, int t, int rows) {
    List<Double> values = Rolling.window(i -> series.at(s, i), t, rows);
    if (values == null) {
      return null;
    }
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum;
  }

  /** sum(|series|) over the last {@code rows} rows; NULL where any of them is NULL. */
  static Double absoluteSum(ReferenceSeries s, SeriesDefinition series, int t, int rows) {
    Double sum = 0.0;
    for (int i = t - rows + 1; i <= t; i++) {
      Double value = series.at(s, i);
      sum = plus(sum, value == null ? null : Math.abs(value));
    }
    return sum;
  }

  /** A feature of the Alpha158 families: the one place their family name is given. */
  static FeatureDefinition feature(
      String name,
      int windowRows,
      String formula,
      String description,
      String sql,
      io.stockpipe.features.reference.ReferenceFormula reference) {
    return new FeatureDefinition(
        name, "alpha158", windowRows, formula, description, sql, reference);
  }
}
