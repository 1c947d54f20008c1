package io.stockpipe.features.labels;

import io.stockpipe.features.reference.NullableMath;
import io.stockpipe.features.reference.ReferenceSeries;
import java.util.List;

/**
 * A forward return over {@code horizonRows} trading rows: {@code close[t+h] / close[t] - 1}, NULL
 * on the last {@code h} bars of a symbol.
 *
 * @param column the label_row column
 * @param horizonRows how many trading rows ahead
 */
public record LabelDefinition(String column, int horizonRows) {
  public static final LabelDefinition NEXT_DAY = new LabelDefinition("next_return_1d", 1);
  public static final LabelDefinition FIVE_DAY = new LabelDefinition("forward_return_5d", 5);

  /** All labels, in label_row column order. */
  public static final List<LabelDefinition> ALL = List.of(NEXT_DAY, FIVE_DAY);

  public LabelDefinition {
    if (horizonRows < 1) {
      throw new IllegalArgumentException("label horizon must be at least 1 row: " + horizonRows);
    }
  }

  /** The longest horizon: how many rows after a date a label of that date reads. */
  public static int maxHorizonRows() {
    return ALL.stream().mapToInt(LabelDefinition::horizonRows).max().orElseThrow();
  }

  public String sql() {
    return "try_divide(lead(close, "
        + horizonRows
        + ") OVER (PARTITION BY symbol ORDER BY trade_date), close) - 1D";
  }

  /** The same label in plain Java. */
  public Double at(ReferenceSeries series, int row) {
    return NullableMath.minus(
        NullableMath.divide(series.close(row + horizonRows), series.close(row)), 1.0);
  }
}
