package io.stockpipe.scheduler;

import io.stockpipe.errors.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The steps of a business date, in the order the chain runs them. */
public enum Step {
  INGEST,
  FEATURES,
  PREDICT,
  SCORE,
  REPORT;

  /** Every step, in order: the nightly chain. */
  public static final List<Step> CHAIN = List.of(values());

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Step parse(String key) {
    return Arrays.stream(values())
        .filter(step -> step.key().equals(key.strip().toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () ->
                new BadInputException(
                    "unknown step '" + key + "'; the steps are " + String.join(",", keys(CHAIN))));
  }

  /** {@code keys} in chain order, each once, whatever order they were given in. */
  public static List<Step> parseList(List<String> keys) {
    List<Step> steps = new ArrayList<>();
    for (String key : keys) {
      Step step = parse(key);
      if (!steps.contains(step)) {
        steps.add(step);
      }
    }
    steps.sort(null);
    return List.copyOf(steps);
  }

  public static List<String> keys(List<Step> steps) {
    return steps.stream().map(Step::key).toList();
  }
}
