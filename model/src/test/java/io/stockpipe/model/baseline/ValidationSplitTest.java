package io.stockpipe.model.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.data.DateRange;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {
  private static final LocalDate FIRST = LocalDate.of(2024, 3, 1);
  private final List<LocalDate> dates = IntStream.range(0, 20).mapToObj(FIRST::plusDays).toList();
  private final DateRange training = new DateRange(FIRST, FIRST.plusDays(19));

  @Test
  void theLastShareOfDatesValidates() {
    ValidationSplit split = ValidationSplit.of(dates, 0.2, 0, training);

    assertThat(split.fit()).isEqualTo(new DateRange(FIRST, FIRST.plusDays(15)));
    assertThat(split.validation()).isEqualTo(new DateRange(FIRST.plusDays(16), FIRST.plusDays(19)));
  }

  @Test
  void datesWhoseLabelsReachIntoValidationAreLeftOut() {
    // A 5-row label on fit date 11 ends on date 16, the first validation date; the four dates
    // 12..15 would overlap the first validation labels.
    ValidationSplit split = ValidationSplit.of(dates, 0.2, 4, training);

    assertThat(split.fit().to()).isEqualTo(FIRST.plusDays(11));
    assertThat(split.validation().from()).isEqualTo(FIRST.plusDays(16));
  }

  @Test
  void tooFewDatesNameTheTrainingFlags() {
    assertThatThrownBy(() -> ValidationSplit.of(dates.subList(0, 5), 0.2, 0, training))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--train-from")
        .hasMessageContaining("--train-to")
        .hasMessageContaining("only 5 dates");
  }
}
