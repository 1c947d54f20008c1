package io.stockpipe.features.spark;

import io.stockpipe.features.spark.LastRows.Kind;
import io.stockpipe.features.spark.LastRows.Last;
import io.stockpipe.features.spark.LastRows.LastPair;
import io.stockpipe.features.spark.LastRows.Ring;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Runs the registry's rolling aggregates over the running frame instead of the sliding one, with
 * the same values to the bit.
 *
 * <p>Spark evaluates an aggregate over a sliding frame ({@code ROWS BETWEEN n-1 PRECEDING AND
 * CURRENT ROW}) by aggregating the whole frame again for every row: n updates a row, for every
 * rolling feature, which was most of the feature job's time. Over the running frame ({@code
 * UNBOUNDED PRECEDING}) it updates an aggregate once a row and evaluates it for every row. So every
 * rolling aggregate that {@code Sql} writes, {@code CASE WHEN count(c) OVER f = n THEN agg(c) OVER
 * f END} (mean, sample and population standard deviation, max, min, the truncated EMA's fold, and
 * the correlation's covariance over two deviations; feature set v2's centred position sum,
 * percentile, percentile rank and position of the extreme), is rewritten into a window function
 * over the running frame whose buffer keeps the last n values and, for each row, evaluates them in
 * frame order with Spark's own arithmetic: {@code avg}'s sum from 0 then one division, {@code
 * stddev_*}'s update of count, mean and M2, {@code covar_samp}'s of count, means and C, the EMA's
 * Horner fold, {@code percentile}'s interpolation between sorted neighbours, the lambdas' folds and
 * comparisons. NULL unless all n rows hold a value, as the count guard says. {@code
 * RunningFramesTest} holds the two plans bit-identical; the reference tests check the values.
 *
 * <p>The registry's SQL stays the definition: feature_set.definitions, the feature set's hash and
 * version are unchanged; only the plan Spark runs differs. Text that matches no pattern (lags,
 * anything new) runs as written.
 */
final class RunningFrames {
  private static final String NAME = "[A-Za-z_][A-Za-z0-9_]*";
  private static final String FRAME =
      "\\(PARTITION BY symbol ORDER BY trade_date ROWS BETWEEN (?<preceding>\\d+) PRECEDING AND"
          + " CURRENT ROW\\)";
  private static final String GUARD =
      "CASE WHEN count\\((?<column>" + NAME + ")\\) OVER (?<frame>" + FRAME + ") = (?<rows>\\d+)";
  private static final Pattern AGGREGATE =
      Pattern.compile(
          GUARD
              + " THEN (?<kind>avg|stddev_samp|stddev_pop|max|min)\\(\\k<column>\\) OVER"
              + " \\k<frame> END");
  private static final String DOUBLE = "-?[0-9][0-9.]*(?:E-?[0-9]+)?D";
  private static final Pattern EMA =
      Pattern.compile(
          GUARD
              + " THEN \\(aggregate\\(collect_list\\(\\k<column>\\) OVER \\k<frame>, 0D,"
              + " \\(ema_acc, ema_x\\) -> ema_acc \\* (?<decay>"
              + DOUBLE
              + ") \\+ ema_x\\) \\* (?<scale>"
              + DOUBLE
              + ")\\) END");
  private static final Pattern CORRELATION =
      Pattern.compile(
          "CASE WHEN count\\((?<first>"
              + NAME
              + ")\\) OVER (?<frame>"
              + FRAME
              + ") = (?<rows>\\d+) AND count\\((?<second>"
              + NAME
              + ")\\) OVER \\k<frame> = \\k<rows> THEN try_divide\\(covar_samp\\(\\k<first>,"
              + " \\k<second>\\) OVER \\k<frame>, stddev_samp\\(\\k<first>\\) OVER \\k<frame> \\*"
              + " stddev_samp\\(\\k<second>\\) OVER \\k<frame>\\) END");
  private static final String LIST = "collect_list\\(\\k<column>\\) OVER \\k<frame>";
  private static final Pattern CENTRED =
      Pattern.compile(
          GUARD
              + " THEN aggregate\\(zip_with\\("
              + LIST
              + ", sequence\\(0, (?<last>\\d+)\\), \\(slope_y, slope_k\\) -> slope_y \\*"
              + " \\(slope_k - (?<centre>"
              + DOUBLE
              + ")\\)\\), 0D, \\(slope_acc, slope_v\\) -> slope_acc \\+ slope_v\\) END");
  private static final Pattern QUANTILE =
      Pattern.compile(
          GUARD
              + " THEN percentile\\(\\k<column>, (?<fraction>"
              + DOUBLE
              + ")\\) OVER \\k<frame> END");
  private static final Pattern RANK =
      Pattern.compile(
          GUARD
              + " THEN try_divide\\(CAST\\(size\\(filter\\("
              + LIST
              + ", rank_x -> rank_x < \\k<column>\\)\\) AS DOUBLE\\) \\+"
              + " \\(CAST\\(size\\(filter\\("
              + LIST
              + ", rank_x -> rank_x = \\k<column>\\)\\) AS DOUBLE\\) \\+ 1D\\) \\* 0.5D,"
              + " (?<size>"
              + DOUBLE
              + ")\\) END");
  private static final Pattern POSITION =
      Pattern.compile(
          GUARD
              + " THEN array_position\\("
              + LIST
              + ", (?<kind>max|min)\\(\\k<column>\\) OVER \\k<frame>\\) END");
  private static final String RUNNING =
      " OVER (PARTITION BY symbol ORDER BY trade_date"
          + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)";

  /** One call that {@link #rewrite} writes: a function of plain columns over the running frame. */
  static final Pattern CALL =
      Pattern.compile("stockpipe_last_[a-z0-9_]+\\([A-Za-z0-9_, ]+\\)" + Pattern.quote(RUNNING));

  /** The functions the rewritten SQL calls, by name: a registration for each. */
  private final Map<String, Consumer<SparkSession>> used = new LinkedHashMap<>();

  /** {@code sql} with every rolling aggregate it contains over the running frame. */
  String rewrite(String sql) {
    String aggregates = replace(AGGREGATE, sql, this::aggregate);
    String emas = replace(EMA, aggregates, this::ema);
    String correlations = replace(CORRELATION, emas, this::correlation);
    String centred = replace(CENTRED, correlations, this::centred);
    String quantiles = replace(QUANTILE, centred, this::quantile);
    String ranks = replace(RANK, quantiles, this::rank);
    return replace(POSITION, ranks, this::position);
  }

  /**
   * {@code sql} as written, with each rolling aggregate that {@link #rewrite} would replace given
   * to {@code share} instead, which names the column that computes it: the sliding plan's
   * counterpart of sharing the running-frame calls, the same text once for all features.
   */
  static String shareAsWritten(String sql, UnaryOperator<String> share) {
    String shared = sql;
    for (Pattern pattern :
        List.of(AGGREGATE, EMA, CORRELATION, CENTRED, QUANTILE, RANK, POSITION)) {
      shared = replace(pattern, shared, match -> share.apply(match.group()));
    }
    return shared;
  }

  /**
   * Registers the functions that {@link #rewrite} has used on {@code spark}; before the rewritten
   * SQL is parsed there.
   */
  void register(SparkSession spark) {
    // A name always means the same function, so one already registered in this session stays
    // (Spark would log a warning for every replacement).
    used.forEach(
        (name, registration) -> {
          if (!spark.catalog().functionExists(name)) {
            registration.accept(spark);
          }
        });
  }

  int functionCount() {
    return used.size();
  }

  private interface Replacement {
    /** The replacement text, or null to leave the match as written. */
    String of(Matcher match);
  }

  private static String replace(Pattern pattern, String sql, Replacement replacement) {
    Matcher match = pattern.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (match.find()) {
      int rows = Integer.parseInt(match.group("rows"));
      // The rolling shape only: a count that fits its frame, over at least two rows.
      String text =
          rows >= 2 && rows == Integer.parseInt(match.group("preceding")) + 1
              ? replacement.of(match)
              : null;
      match.appendReplacement(out, Matcher.quoteReplacement(text == null ? match.group() : text));
    }
    match.appendTail(out);
    return out.toString();
  }

  private String aggregate(Matcher match) {
    Kind kind = Kind.valueOf(match.group("kind").toUpperCase(Locale.ROOT));
    int rows = Integer.parseInt(match.group("rows"));
    return call(kind.sqlName() + "_" + rows, new Last(kind, rows, 0), match.group("column"));
  }

  private String ema(Matcher match) {
    int rows = Integer.parseInt(match.group("rows"));
    String decayText = match.group("decay");
    double decay = parse(decayText);
    String name = "ema_" + rows + "_" + Long.toHexString(Double.doubleToLongBits(decay));
    return "("
        + call(name, new Last(Kind.EMA, rows, decay), match.group("column"))
        + " * "
        + match.group("scale")
        + ")";
  }

  private String correlation(Matcher match) {
    int rows = Integer.parseInt(match.group("rows"));
    return use(
        "corr_" + rows,
        new LastPair(rows),
        Encoders.tuple(Encoders.DOUBLE(), Encoders.DOUBLE()),
        match.group("first") + ", " + match.group("second"));
  }

  private String centred(Matcher match) {
    int rows = Integer.parseInt(match.group("rows"));
    boolean ours =
        Integer.parseInt(match.group("last")) == rows - 1
            && parse(match.group("centre")) == (rows - 1) / 2.0;
    return ours
        ? call("centred_" + rows, new Last(Kind.CENTRED, rows, 0), match.group("column"))
        : null;
  }

  private String quantile(Matcher match) {
    int rows = Integer.parseInt(match.group("rows"));
    double fraction = parse(match.group("fraction"));
    if (!(fraction >= 0 && fraction <= 1)) {
      return null;
    }
    String name = "quantile_" + rows + "_" + Long.toHexString(Double.doubleToLongBits(fraction));
    return call(name, new Last(Kind.QUANTILE, rows, fraction), match.group("column"));
  }

  private String rank(Matcher match) {
    int rows = Integer.parseInt(match.group("rows"));
    return parse(match.group("size")) == rows
        ? call("rank_" + rows, new Last(Kind.RANK, rows, 0), match.group("column"))
        : null;
  }

  private String position(Matcher match) {
    Kind kind = match.group("kind").equals("max") ? Kind.FIRST_MAX_AT : Kind.FIRST_MIN_AT;
    int rows = Integer.parseInt(match.group("rows"));
    return call(kind.sqlName() + "_" + rows, new Last(kind, rows, 0), match.group("column"));
  }

  /** A literal that {@code Sql.literal} wrote, "29.5D". */
  private static double parse(String literal) {
    return Double.parseDouble(literal.substring(0, literal.length() - 1));
  }

  private String call(String suffix, Last function, String column) {
    return use(suffix, function, Encoders.DOUBLE(), column);
  }

  /** Notes {@code function} for {@link #register}; its call over the running frame. */
  private <I> String use(String suffix, Ring<I> function, Encoder<I> input, String arguments) {
    String name = "stockpipe_last_" + suffix;
    used.putIfAbsent(name, spark -> spark.udf().register(name, functions.udaf(function, input)));
    return name + "(" + arguments + ")" + RUNNING;
  }
}
