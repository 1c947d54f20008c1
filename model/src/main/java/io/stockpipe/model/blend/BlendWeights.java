package io.stockpipe.model.blend;

import io.stockpipe.errors.PipelineException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much each member's per-date centred rank counts in a blend's score: a point of the simplex.
 *
 * @param dense the dense network's weight
 * @param cnn the CNN's weight
 * @param trees the gradient-boosted trees' weight
 */
public record BlendWeights(double dense, double cnn, double trees) {
  /** Steps of the grid {@link #simplexGrid()} searches per unit weight: a step of 0.1. */
  public static final int GRID_STEPS = 10;

  private static final double TOLERANCE = 1e-9;

  public BlendWeights {
    for (double weight : new double[] {dense, cnn, trees}) {
      if (!(weight >= 0 && weight <= 1)) {
        throw new IllegalArgumentException(
            "blend weights must be in [0, 1], were " + dense + ", " + cnn + ", " + trees);
      }
    }
    if (Math.abs(dense + cnn + trees - 1) > TOLERANCE) {
      throw new IllegalArgumentException(
          "blend weights must sum to 1, were " + dense + ", " + cnn + ", " + trees);
    }
  }

  /**
   * Every point of the simplex in steps of 1/{@link #GRID_STEPS}, 66 of them, in a fixed order:
   * dense weight rising slowest, then the CNN's. The order breaks ties (the earlier point wins), so
   * it starts with the trees alone and ends with the dense network alone.
   */
  public static List<BlendWeights> simplexGrid() {
    List<BlendWeights> grid = new ArrayList<>();
    for (int dense = 0; dense <= GRID_STEPS; dense++) {
      for (int cnn = 0; cnn <= GRID_STEPS - dense; cnn++) {
        int trees = GRID_STEPS - dense - cnn;
        grid.add(
            new BlendWeights(
                (double) dense / GRID_STEPS,
                (double) cnn / GRID_STEPS,
                (double) trees / GRID_STEPS));
      }
    }
    return grid;
  }

  /** The weighted sum, row by row, of the members' centred ranks (one array per member). */
  public double[] combine(double[] denseRanks, double[] cnnRanks, double[] treeRanks) {
    if (denseRanks.length != cnnRanks.length || denseRanks.length != treeRanks.length) {
      throw new IllegalArgumentException("the members ranked different numbers of rows");
    }
    double[] blended = new double[denseRanks.length];
    for (int i = 0; i < blended.length; i++) {
      blended[i] = dense * denseRanks[i] + cnn * cnnRanks[i] + trees * treeRanks[i];
    }
    return blended;
  }

  /** As stored in weights.json and model_registry.metrics. */
  public Map<String, Object> toMap() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("dense", dense);
    values.put("cnn", cnn);
    values.put("gbt", trees);
    return values;
  }

  public static BlendWeights fromMap(Map<String, Object> values) {
    try {
      return new BlendWeights(
          ((Number) values.get("dense")).doubleValue(),
          ((Number) values.get("cnn")).doubleValue(),
          ((Number) values.get("gbt")).doubleValue());
    } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
      throw new PipelineException("stored blend weights " + values + " are not valid", e);
    }
  }
}
