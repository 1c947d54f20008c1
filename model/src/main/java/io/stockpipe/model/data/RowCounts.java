package io.stockpipe.model.data;

/**
 * What was read and what was dropped, so that an operator can tell a short test range from a
 * feature set whose windows are not yet full.
 *
 * @param trainingRead feature rows read in the training range
 * @param testRead feature rows read in the test range
 * @param droppedIncompleteFeatures rows with a NULL or NaN feature (a window not yet full)
 * @param droppedMissingLabel rows with complete features but no label (the last bars, or no
 *     label_row)
 * @param trainingKept rows the models learn from
 * @param testKept rows every model is judged on
 */
public record RowCounts(
    long trainingRead,
    long testRead,
    long droppedIncompleteFeatures,
    long droppedMissingLabel,
    long trainingKept,
    long testKept) {
  public RowCounts {
    if (trainingKept + testKept + droppedIncompleteFeatures + droppedMissingLabel
        != trainingRead + testRead) {
      throw new IllegalArgumentException(
          "row counts do not add up: kept "
              + (trainingKept + testKept)
              + " + dropped "
              + (droppedIncompleteFeatures + droppedMissingLabel)
              + " != read "
              + (trainingRead + testRead));
    }
  }

  public long dropped() {
    return droppedIncompleteFeatures + droppedMissingLabel;
  }
}
