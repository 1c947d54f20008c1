package io.stockpipe.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.stockpipe.model.evaluation.DailyCorrelation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict is about the shuffles' mean and its spread, not one model's days. */
class LeakCheckTest {
  private static DailyCorrelation rankIc(double mean, double tStat) {
    return new DailyCorrelation(mean, tStat, 250);
  }

  @Test
  void shufflesScatteredAroundZeroPassEvenWhenOneLooksSignificantAlone() {
    // Five of the demo's shuffles (seeds as seen by hand): the first alone has t 2.45 over its
    // days.
    LeakCheck.Result result =
        new LeakCheck.Result(
            List.of(
                rankIc(0.0222, 2.45),
                rankIc(-0.0125, -1.41),
                rankIc(-0.0282, -3.19),
                rankIc(-0.0007, -0.08),
                rankIc(-0.0021, -0.23)));

    assertThat(result.mean()).isCloseTo(-0.00426, offset(1e-5));
    assertThat(result.standardError()).isCloseTo(0.00824, offset(1e-5));
    assertThat(result.tStat()).isCloseTo(-0.517, offset(1e-3));
    assertThat(result.verdict())
        .startsWith("rank IC -0.0043 ± 0.0082 (mean ± standard error over 5 shuffles:")
        .contains("0.0222, -0.0125, -0.0282, -0.0007, -0.0021")
        .endsWith("consistent with 0");
  }

  @Test
  void shufflesThatAllRankLikeTheLabelsAreALeak() {
    LeakCheck.Result result =
        new LeakCheck.Result(
            List.of(rankIc(0.051, 6), rankIc(0.049, 6), rankIc(0.055, 7), rankIc(0.047, 5)));

    assertThat(result.tStat()).isGreaterThan(LeakCheck.farFromZero(4));
    assertThat(result.verdict()).contains("FAR FROM 0: look for a leak");
  }

  @Test
  void aShuffleWithoutRankingCountsAsZeroAndOneShuffleSaysItHasNoSpread() {
    DailyCorrelation nothingLearned = new DailyCorrelation(null, null, 0);
    LeakCheck.Result two = new LeakCheck.Result(List.of(nothingLearned, rankIc(0.01, 1)));
    assertThat(two.rankIcs()).containsExactly(0, 0.01);
    assertThat(two.mean()).isEqualTo(0.005);

    LeakCheck.Result one = new LeakCheck.Result(List.of(rankIc(0.0222, 2.45)));
    assertThat(one.standardError()).isNull();
    assertThat(one.tStat()).isNull();
    assertThat(one.verdict()).contains("one shuffle: no spread", "2.45");
    assertThat(new LeakCheck.Result(List.of(nothingLearned)).verdict())
        .startsWith("no ranking at all");
    assertThatThrownBy(() -> new LeakCheck.Result(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theBarForFarFromZeroFallsAsShufflesAreAdded() {
    // Two shuffles 2 standard errors apart from 0 would be a false alarm at a fixed 3; not here.
    LeakCheck.Result two = new LeakCheck.Result(List.of(rankIc(0.03, 3), rankIc(0.01, 1)));
    assertThat(two.tStat()).isEqualTo(2.0, offset(1e-9));
    assertThat(two.verdict()).endsWith("consistent with 0");
    assertThat(LeakCheck.farFromZero(2)).isGreaterThan(LeakCheck.farFromZero(5));
    assertThat(LeakCheck.farFromZero(LeakCheck.DEFAULT_SHUFFLES)).isEqualTo(4.604);
    assertThatThrownBy(() -> LeakCheck.requireShuffles(0))
        .hasMessage("--leak-shuffles must be 1..20, was 0");
  }
}
