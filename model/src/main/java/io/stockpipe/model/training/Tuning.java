package io.stockpipe.model.training;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A grid of hyper-parameter values to try, as {@code stockpipe train --tune NAME=V1,V2}: every
 * combination is trained on the training dates, and the one with the highest validation mean daily
 * rank IC (the dates after them, before any test date; the first of equals) is the model kept. The
 * test dates are never looked at.
 *
 * <p>Names are the flags of {@code stockpipe train} without their dashes; a layer list is written
 * with {@code x} ({@code hidden=64x32,128x64}), since the comma separates the values. The seed and
 * the target are not tunable (picking a seed on validation is fitting noise), nor are epochs (early
 * stopping picks them) or the CNN's window (it changes which samples exist).
 *
 * @param values each name's values in the order given, names in the order given
 */
public record Tuning(Map<String, List<String>> values) {
  public static final Tuning NONE = new Tuning(Map.of());

  /** More than this many combinations is refused: each one is a full training. */
  public static final int MAX_CANDIDATES = 24;

  /** Flag name → key of {@link NetworkConfig#toMap()}. */
  private static final Map<String, String> TUNABLE =
      Map.of(
          "learning-rate", "learning_rate",
          "dropout", "dropout",
          "l2", "l2",
          "hidden", "hidden_units",
          "batch-size", "batch_size",
          "conv-channels", "conv_channels",
          "kernel-size", "kernel_size");

  public Tuning {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach((name, list) -> copy.put(name, List.copyOf(list)));
    values = Collections.unmodifiableMap(copy);
  }

  /** Parses {@code NAME=V1,V2} arguments, one per name. */
  public static Tuning parse(List<String> arguments) {
    if (arguments == null || arguments.isEmpty()) {
      return NONE;
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String argument : arguments) {
      int equals = argument.indexOf('=');
      String name = equals < 0 ? argument : argument.substring(0, equals).trim();
      if (!TUNABLE.containsKey(name)) {
        throw new BadInputException(
            "--tune "
                + argument
                + ": can tune "
                + TUNABLE.keySet().stream().sorted().toList()
                + " as NAME=V1,V2");
      }
      List<String> list = new ArrayList<>();
      for (String value : argument.substring(equals + 1).split(",")) {
        if (!value.isBlank()) {
          list.add(value.trim());
        }
      }
      if (list.isEmpty() || values.put(name, list) != null) {
        throw new BadInputException(
            "--tune " + argument + ": give each name once, with at least one value");
      }
    }
    return new Tuning(values);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * {@code base} with every combination of the values, first name varying slowest; just {@code
   * base} when there is nothing to tune.
   */
  public List<NetworkConfig> candidates(NetworkConfig base) {
    List<NetworkConfig> candidates = List.of(base);
    for (Map.Entry<String, List<String>> entry : values.entrySet()) {
      String name = entry.getKey();
      String key = TUNABLE.get(name);
      if (base.architecture() != Architecture.CNN
          && (key.equals("conv_channels") || key.equals("kernel_size"))) {
        throw new BadInputException("--tune " + name + " is for --model cnn only");
      }
      List<NetworkConfig> next = new ArrayList<>();
      for (NetworkConfig candidate : candidates) {
        for (String value : entry.getValue()) {
          Map<String, Object> map = new LinkedHashMap<>(candidate.toMap());
          map.put(key, parseValue(name, key, value));
          next.add(NetworkConfig.fromMap(map));
        }
      }
      candidates = next;
      if (candidates.size() > MAX_CANDIDATES) {
        throw new BadInputException(
            "--tune: more than "
                + MAX_CANDIDATES
                + " combinations, each a full training; tune fewer values at a time");
      }
    }
    return candidates;
  }

  /** The tuned values of {@code config}, e.g. {@code learning-rate=0.001 hidden=64x32}. */
  public String describe(NetworkConfig config) {
    Map<String, Object> map = config.toMap();
    List<String> parts = new ArrayList<>();
    for (String name : values.keySet()) {
      Object value = map.get(TUNABLE.get(name));
      String text =
          value instanceof List<?> list
              ? String.join("x", list.stream().map(String::valueOf).toList())
              : String.valueOf(value);
      parts.add(name + "=" + text);
    }
    return String.join(" ", parts);
  }

  private static Object parseValue(String name, String key, String value) {
    try {
      return switch (key) {
        case "hidden_units", "conv_channels" -> {
          List<Integer> sizes = new ArrayList<>();
          for (String size : value.toLowerCase(Locale.ROOT).split("x", -1)) {
            sizes.add(Integer.parseInt(size.trim()));
          }
          yield sizes;
        }
        case "batch_size", "kernel_size" -> Integer.parseInt(value);
        default -> Double.parseDouble(value);
      };
    } catch (NumberFormatException e) {
      throw new BadInputException(
          "--tune "
              + name
              + ": '"
              + value
              + "' is not "
              + (key.equals("hidden_units") || key.equals("conv_channels")
                  ? "a list of sizes like 64x32"
                  : "a number"));
    }
  }
}
