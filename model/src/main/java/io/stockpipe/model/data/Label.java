package io.stockpipe.model.data;

import io.stockpipe.errors.BadInputException;
import java.util.Arrays;

/** The label_row column a model learns to predict, and how many trading rows it looks ahead. */
public enum Label {
  NEXT_RETURN_1D("next_return_1d", 1),
  FORWARD_RETURN_5D("forward_return_5d", 5);

  private final String column;
  private final int horizonRows;

  Label(String column, int horizonRows) {
    this.column = column;
    this.horizonRows = horizonRows;
  }

  /** The label_row column, also what model_evaluation.label stores. */
  public String column() {
    return column;
  }

  /** {@code next_return_1d} or {@code forward_return_5d}, as typed after {@code --label}. */
  public static Label parse(String column) {
    for (Label label : values()) {
      if (label.column.equals(column)) {
        return label;
      }
    }
    throw new BadInputException(
        "unknown --label '"
            + column
            + "': choose one of "
            + Arrays.stream(values()).map(Label::column).toList());
  }

  /** Trading rows after the feature date that the label spans. */
  public int horizonRows() {
    return horizonRows;
  }
}
