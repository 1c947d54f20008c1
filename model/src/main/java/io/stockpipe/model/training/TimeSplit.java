package io.stockpipe.model.training;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.data.DateRange;
import java.time.LocalDate;
import java.util.List;

/**
 * Splits trading dates in time order: the last share of dates validates, the rest trains, with
 * {@code gapDates} dates left out between them so that no training label spans a validation date.
 *
 * @param training dates the network learns from
 * @param validation later dates early stopping watches
 */
public record TimeSplit(DateRange training, DateRange validation) {
  public static final double DEFAULT_VALIDATION_FRACTION = 0.2;

  /**
   * @param dates distinct trading dates that have samples, ascending
   * @param gapDates dates dropped between training and validation (the label horizon)
   */
  public static TimeSplit of(List<LocalDate> dates, double validationFraction, int gapDates) {
    int validationDates = (int) Math.ceil(dates.size() * validationFraction);
    int trainingDates = dates.size() - validationDates - gapDates;
    if (validationDates < 1 || trainingDates < 1) {
      throw new BadInputException(
          "only "
              + dates.size()
              + " trading dates with usable samples"
              + (dates.isEmpty()
                  ? ""
                  : " (" + dates.get(0) + " to " + dates.get(dates.size() - 1) + ")")
              + ": too few to split into training and validation; widen --from/--to");
    }
    return new TimeSplit(
        new DateRange(dates.get(0), dates.get(trainingDates - 1)),
        new DateRange(dates.get(dates.size() - validationDates), dates.get(dates.size() - 1)));
  }
}
