package io.stockpipe.features.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.functions;
import scala.Tuple2;

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
 * the correlation's covariance over two deviations), is rewritten into a window function over the
 * running frame whose buffer keeps the last n values and, for each row, evaluates them in frame
 * order with Spark's own arithmetic: {@code avg}'s sum from 0 then one division, {@code stddev_*}'s
 * update of count, mean and M2, {@code covar_samp}'s of count, means and C, the EMA's Horner fold.
 * NULL unless all n rows hold a value, as the count guard says. {@code RunningFramesTest} holds the
 * two plans bit-identical; the reference tests check the values.
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
  private static final String RUNNING =
      " OVER (PARTITION BY symbol ORDER BY trade_date"
          + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)";

  /** The functions the rewritten SQL calls, by name: a registration for each. */
  private final Map<String, Consumer<SparkSession>> used = new LinkedHashMap<>();

  /** {@code sql} with every rolling aggregate it contains over the running frame. */
  String rewrite(String sql) {
    String aggregates = replace(AGGREGATE, sql, this::aggregate);
    String emas = replace(EMA, aggregates, this::ema);
    return replace(CORRELATION, emas, this::correlation);
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
    double decay = Double.parseDouble(decayText.substring(0, decayText.length() - 1));
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

  private String call(String suffix, Last function, String column) {
    return use(suffix, function, Encoders.DOUBLE(), column);
  }

  /** Notes {@code function} for {@link #register}; its call over the running frame. */
  private <I> String use(String suffix, Ring<I> function, Encoder<I> input, String arguments) {
    String name = "stockpipe_last_" + suffix;
    used.putIfAbsent(name, spark -> spark.udf().register(name, functions.udaf(function, input)));
    return name + "(" + arguments + ")" + RUNNING;
  }

  enum Kind {
    AVG,
    STDDEV_SAMP,
    STDDEV_POP,
    MAX,
    MIN,
    EMA;

    String sqlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The last {@code rows} values of a running frame, and since when none was NULL. Public because
   * Spark's encoders take only public classes.
   */
  public static final class Window implements Serializable {
    private static final long serialVersionUID = 1L;

    double[] values;

    /** The second column's, for a function of two ({@link LastPair}); else null. */
    double[] second;

    /** Rows seen so far. */
    long seen;

    /** Rows seen when the last NULL came, or -1. */
    long lastNull = -1;
  }

  /**
   * A window function of the last {@code rows} rows of a running frame (one or two columns), NULL
   * until there are that many with no NULL among them. Spark feeds it row by row and evaluates it
   * after each row; {@link #evaluate} walks the window oldest first.
   */
  abstract static class Ring<I> extends Aggregator<I, Window, Double> {
    private static final long serialVersionUID = 1L;

    final int rows;
    private final boolean pairs;

    Ring(int rows, boolean pairs) {
      if (rows < 2) {
        throw new IllegalArgumentException("a rolling window needs at least 2 rows, got " + rows);
      }
      this.rows = rows;
      this.pairs = pairs;
    }

    @Override
    public Window zero() {
      Window window = new Window();
      window.values = new double[rows];
      window.second = pairs ? new double[rows] : null;
      return window;
    }

    /** Records one row: its value(s), or that it had a NULL. */
    final Window record(Window window, Double first, Double second) {
      if (first == null || (pairs && second == null)) {
        window.lastNull = window.seen;
      } else {
        int slot = (int) (window.seen % rows);
        window.values[slot] = first;
        if (pairs) {
          window.second[slot] = second;
        }
      }
      window.seen++;
      return window;
    }

    @Override
    public Window merge(Window first, Window second) {
      // A running frame feeds one buffer row by row; there is nothing to merge.
      throw new UnsupportedOperationException("a window of the last rows cannot be merged");
    }

    @Override
    public Double finish(Window window) {
      if (window.seen - window.lastNull <= rows) {
        return null; // fewer than `rows` rows since the last NULL (or since the start)
      }
      return evaluate(window, (int) (window.seen % rows));
    }

    /** The value of a full window whose oldest row is at {@code oldest}. */
    abstract Double evaluate(Window window, int oldest);

    @Override
    public Encoder<Window> bufferEncoder() {
      return Encoders.javaSerialization(Window.class);
    }

    @Override
    public Encoder<Double> outputEncoder() {
      return Encoders.DOUBLE();
    }
  }

  /**
   * {@code kind} over the last {@code rows} values of one column, with the arithmetic of Spark's
   * own aggregate, so that the values equal the sliding frame's to the bit.
   */
  static final class Last extends Ring<Double> {
    private static final long serialVersionUID = 1L;

    private final Kind kind;
    private final double decay;

    Last(Kind kind, int rows, double decay) {
      super(rows, false);
      this.kind = kind;
      this.decay = decay;
    }

    @Override
    public Window reduce(Window window, Double value) {
      return record(window, value, null);
    }

    @Override
    Double evaluate(Window window, int oldest) {
      double[] values = window.values;
      switch (kind) {
        case AVG:
          {
            double sum = 0; // Average: sum from 0, then divided by the count
            for (int k = 0; k < rows; k++) {
              sum += values[at(oldest, k, rows)];
            }
            return sum / rows;
          }
        case STDDEV_SAMP:
          return Math.sqrt(secondMoment(values, oldest, rows) / (rows - 1.0));
        case STDDEV_POP:
          return Math.sqrt(secondMoment(values, oldest, rows) / rows);
        case MAX:
        case MIN:
          {
            // Max/Min: greatest/least by Spark's ordering of doubles, the earlier on a tie
            int sign = kind == Kind.MAX ? 1 : -1;
            double best = values[oldest];
            for (int k = 1; k < rows; k++) {
              double value = values[at(oldest, k, rows)];
              if (sign * compareAsSpark(value, best) > 0) {
                best = value;
              }
            }
            return best;
          }
        case EMA:
          {
            double fold = 0; // Sql.ema's lambda: acc * decay + x, from 0D, oldest first
            for (int k = 0; k < rows; k++) {
              fold = fold * decay + values[at(oldest, k, rows)];
            }
            return fold;
          }
        default:
          throw new IllegalStateException("unknown kind " + kind);
      }
    }

    /**
     * CentralMomentAgg's M2 of the last {@code rows}: its updates of n, mean and M2, oldest first.
     */
    static double secondMoment(double[] values, int oldest, int rows) {
      double n = 0;
      double mean = 0;
      double m2 = 0;
      for (int k = 0; k < rows; k++) {
        double value = values[at(oldest, k, rows)];
        n += 1.0;
        double delta = value - mean;
        double deltaN = delta / n;
        mean += deltaN;
        m2 += delta * (delta - deltaN);
      }
      return m2;
    }
  }

  /**
   * Spark's ordering of doubles (SQLOrderingUtil.compareDoubles): NaN above everything and equal to
   * itself, 0.0 equal to -0.0.
   */
  static int compareAsSpark(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** The index of the {@code k}-th oldest of the last {@code rows} values in a ring. */
  static int at(int oldest, int k, int rows) {
    int index = oldest + k;
    return index < rows ? index : index - rows;
  }

  /**
   * Pearson correlation of the last {@code rows} pairs as the registry writes it: {@code
   * try_divide(covar_samp(a, b), stddev_samp(a) * stddev_samp(b))}, each with Spark's own updates
   * (Covariance's n, means and C, CentralMomentAgg's for each column), oldest pair first. NULL
   * unless all {@code rows} rows hold both values, or when either column is constant.
   */
  static final class LastPair extends Ring<Tuple2<Double, Double>> {
    private static final long serialVersionUID = 1L;

    LastPair(int rows) {
      super(rows, true);
    }

    @Override
    public Window reduce(Window window, Tuple2<Double, Double> pair) {
      return record(window, pair._1(), pair._2());
    }

    @Override
    Double evaluate(Window window, int oldest) {
      double n = 0;
      double xMean = 0;
      double yMean = 0;
      double c = 0;
      for (int k = 0; k < rows; k++) {
        int i = at(oldest, k, rows);
        double x = window.values[i];
        double y = window.second[i];
        n += 1.0;
        double dx = x - xMean;
        double dy = y - yMean;
        xMean += dx / n;
        yMean += dy / n;
        c += dx * (y - yMean);
      }
      double covariance = c / (rows - 1.0);
      double deviations =
          Math.sqrt(Last.secondMoment(window.values, oldest, rows) / (rows - 1.0))
              * Math.sqrt(Last.secondMoment(window.second, oldest, rows) / (rows - 1.0));
      return deviations == 0 ? null : covariance / deviations; // try_divide
    }
  }
}
