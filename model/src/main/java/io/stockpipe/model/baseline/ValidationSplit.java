package io.stockpipe.model.baseline;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.data.DateRange;
import java.time.LocalDate;
import java.util.List;

/**
 * The training range cut in two by date: models are fitted on {@code fit} and their
 * hyper-parameters chosen on {@code validation}, the last training dates. The test range plays no
 * part, so the chosen values carry no knowledge of it.
 *
 * @param fit the earlier training dates
 * @param validation the later ones, after {@code fit} and any purged dates
 */
public record ValidationSplit(DateRange fit, DateRange validation) {
  /** Fewer fit dates than this give a model nothing to learn a cross-section from. */
  static final int MIN_FIT_DATES = 5;

  public ValidationSplit {
    if (!fit.to().isBefore(validation.from())) {
      throw new IllegalArgumentException(
          "validation " + validation + " must come after fit " + fit);
    }
  }

  /**
   * Splits sorted, distinct training dates. {@code purgedDates} dates between the two parts are
   * left out: a label that looks {@code h} rows ahead on the last fit date overlaps the labels of
   * the first {@code h - 1} validation dates.
   */
  static ValidationSplit of(
      List<LocalDate> trainingDates, double validationFraction, int purgedDates, DateRange range) {
    int dates = trainingDates.size();
    int validationDates = Math.max(1, (int) Math.round(dates * validationFraction));
    int fitDates = dates - validationDates - purgedDates;
    if (fitDates < MIN_FIT_DATES) {
      throw new BadInputException(
          "--train-from "
              + range.from()
              + " to --train-to "
              + range.to()
              + " has only "
              + dates
              + " dates with usable rows; choosing hyper-parameters on the last "
              + validationDates
              + " needs at least "
              + (MIN_FIT_DATES + validationDates + purgedDates)
              + ": widen the training range");
    }
    return new ValidationSplit(
        new DateRange(trainingDates.get(0), trainingDates.get(fitDates - 1)),
        new DateRange(trainingDates.get(dates - validationDates), trainingDates.get(dates - 1)));
  }
}
