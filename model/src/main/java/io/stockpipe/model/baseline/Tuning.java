package io.stockpipe.model.baseline;

import io.stockpipe.errors.BadInputException;
import java.util.List;

/**
 * The hyper-parameter grids and how the training range is split to choose from them.
 *
 * @param validationFraction share of the training dates (the last ones) held out to choose
 *     hyper-parameters; never the test range
 * @param linearRegParams L2 penalties tried for the linear regression (on standardised features)
 * @param gbtMaxDepths tree depths tried for GBT
 * @param gbtMaxIterations numbers of trees tried for GBT
 * @param gbtStepSize GBT learning rate, fixed: fewer trees at a larger step is the same trade-off
 *     as the iteration grid
 */
public record Tuning(
    double validationFraction,
    List<Double> linearRegParams,
    List<Integer> gbtMaxDepths,
    List<Integer> gbtMaxIterations,
    double gbtStepSize) {
  public Tuning {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new BadInputException(
          "validation fraction must be between 0 and 1 (exclusive), was " + validationFraction);
    }
    linearRegParams = List.copyOf(linearRegParams);
    gbtMaxDepths = List.copyOf(gbtMaxDepths);
    gbtMaxIterations = List.copyOf(gbtMaxIterations);
    if (linearRegParams.isEmpty() || gbtMaxDepths.isEmpty() || gbtMaxIterations.isEmpty()) {
      throw new BadInputException("every hyper-parameter grid needs at least one value");
    }
    if (linearRegParams.stream().anyMatch(reg -> !(reg >= 0) || reg.isInfinite())) {
      throw new BadInputException("regParam values must be finite and >= 0: " + linearRegParams);
    }
    if (gbtMaxDepths.stream().anyMatch(depth -> depth < 1 || depth > 30)) {
      throw new BadInputException("GBT depths must be 1..30: " + gbtMaxDepths);
    }
    if (gbtMaxIterations.stream().anyMatch(trees -> trees < 1)) {
      throw new BadInputException("GBT iterations must be >= 1: " + gbtMaxIterations);
    }
    if (!(gbtStepSize > 0 && gbtStepSize <= 1)) {
      throw new BadInputException("GBT step size must be in (0, 1], was " + gbtStepSize);
    }
  }

  /**
   * The last 20% of training dates for validation; 5 penalties across four orders of magnitude;
   * shallow trees, as daily returns are mostly noise and deep trees fit it.
   */
  public static Tuning defaults() {
    return new Tuning(0.2, List.of(0.0, 1e-4, 1e-3, 1e-2, 1e-1), List.of(3, 5), List.of(50), 0.1);
  }
}
