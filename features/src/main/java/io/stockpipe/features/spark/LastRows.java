package io.stockpipe.features.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import scala.Tuple2;

/**
 * The window functions that {@link RunningFrames} puts in place of sliding aggregates: each keeps
 * the last n values of a running frame in a ring and evaluates them, oldest first, with the
 * arithmetic of the Spark expression it replaces, so that the values are the same to the bit.
 * Instances are immutable and thread-safe; their buffers belong to one Spark task.
 */
final class LastRows {
  private LastRows() {}

  enum Kind {
    AVG,
    STDDEV_SAMP,
    STDDEV_POP,
    MAX,
    MIN,
    EMA,
    CENTRED,
    QUANTILE,
    RANK,
    FIRST_MAX_AT,
    FIRST_MIN_AT;

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

    /** The EMA's decay, the quantile's fraction; unused by the other kinds. */
    private final double parameter;

    Last(Kind kind, int rows, double parameter) {
      super(rows, false);
      this.kind = kind;
      this.parameter = parameter;
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
              fold = fold * parameter + values[at(oldest, k, rows)];
            }
            return fold;
          }
        case CENTRED:
          {
            // Sql.centredPositionSum: zip_with(values, sequence(0, n-1), y * (k - c)), summed from
            // 0D
            double centre = (rows - 1) / 2.0;
            double sum = 0;
            for (int k = 0; k < rows; k++) {
              sum = sum + values[at(oldest, k, rows)] * (k - centre);
            }
            return sum;
          }
        case QUANTILE:
          return percentile(values, parameter);
        case RANK:
          {
            // Sql.percentRank: the current row is the newest of the window
            double current = values[at(oldest, rows - 1, rows)];
            int below = 0;
            int equal = 0;
            for (double value : values) {
              int order = compareAsSpark(value, current);
              below += order < 0 ? 1 : 0;
              equal += order == 0 ? 1 : 0;
            }
            return ((double) below + ((double) equal + 1D) * 0.5D) / rows;
          }
        case FIRST_MAX_AT:
        case FIRST_MIN_AT:
          {
            // array_position(values, max(values)): the first, 1-based
            int sign = kind == Kind.FIRST_MAX_AT ? 1 : -1;
            int best = 0;
            for (int k = 1; k < rows; k++) {
              if (sign * compareAsSpark(values[at(oldest, k, rows)], values[at(oldest, best, rows)])
                  > 0) {
                best = k;
              }
            }
            return (double) (best + 1);
          }
        default:
          throw new IllegalStateException("unknown kind " + kind);
      }
    }

    /**
     * Spark's Percentile (PercentileBase.getPercentiles) over values that each occur once: position
     * (n-1) p in the sorted values, the lower value if it falls on one or both neighbours are
     * equal, else the neighbours weighted by the distances.
     */
    static double percentile(double[] values, double fraction) {
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      double position = (sorted.length - 1L) * fraction;
      long lower = (long) Math.floor(position);
      long higher = (long) Math.ceil(position);
      double lowerValue = sorted[(int) lower];
      if (higher == lower) {
        return lowerValue;
      }
      double higherValue = sorted[(int) higher];
      if (Double.valueOf(higherValue).equals(lowerValue)) {
        return lowerValue;
      }
      return (higher - position) * lowerValue + (position - lower) * higherValue;
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
