package io.stockpipe.features;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.spark.SparkSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to build: every date ({@code --all}) or the dates {@code from..to} (inclusive), for all
 * symbols or a few, raw or normalised, on which Spark master.
 *
 * @param from first date to write, null with {@code to} for all dates
 * @param to last date to write, null with {@code from} for all dates
 * @param symbols tickers to build, empty for every symbol in the symbol table
 * @param normalisation cross-sectional normalisation; needs all symbols
 * @param spark where and how Spark runs
 */
public record FeatureRequest(
    LocalDate from,
    LocalDate to,
    List<String> symbols,
    Normalisation normalisation,
    SparkSettings spark) {
  /** The ticker rule of the symbol table, so that a ticker can go into SQL text safely. */
  private static final Pattern TICKER = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,19}");

  public FeatureRequest {
    if ((from == null) != (to == null)) {
      throw new BadInputException("give both --from and --to, or --all");
    }
    if (from != null && from.isAfter(to)) {
      throw new BadInputException("--from " + from + " is after --to " + to);
    }
    symbols = List.copyOf(Objects.requireNonNull(symbols, "symbols"));
    for (String symbol : symbols) {
      if (!TICKER.matcher(symbol).matches()) {
        throw new BadInputException(
            "'" + symbol + "' is not a ticker (upper case letters, digits, '.', '_', '-')");
      }
    }
    Objects.requireNonNull(normalisation, "normalisation");
    Objects.requireNonNull(spark, "spark");
    if (normalisation != Normalisation.NONE && !symbols.isEmpty()) {
      throw new BadInputException(
          "cross-sectional normalisation compares all symbols of a date;"
              + " it cannot be built for --symbols "
              + String.join(",", symbols));
    }
  }

  /** Every date of every symbol, raw features, Spark on {@code local[*]}. */
  public static FeatureRequest all() {
    return new FeatureRequest(null, null, List.of(), Normalisation.NONE, SparkSettings.defaults());
  }

  /** The dates {@code from..to}, both included. */
  public static FeatureRequest between(LocalDate from, LocalDate to) {
    return new FeatureRequest(
        Objects.requireNonNull(from, "from"),
        Objects.requireNonNull(to, "to"),
        List.of(),
        Normalisation.NONE,
        SparkSettings.defaults());
  }

  public FeatureRequest withSymbols(List<String> newSymbols) {
    return new FeatureRequest(from, to, newSymbols, normalisation, spark);
  }

  public FeatureRequest withNormalisation(Normalisation newNormalisation) {
    return new FeatureRequest(from, to, symbols, newNormalisation, spark);
  }

  public FeatureRequest withSpark(SparkSettings newSpark) {
    return new FeatureRequest(from, to, symbols, normalisation, newSpark);
  }

  public boolean isAll() {
    return from == null;
  }

  public String describe() {
    return (isAll() ? "all dates" : from + ".." + to)
        + (symbols.isEmpty() ? ", all symbols" : ", symbols " + String.join(",", symbols))
        + ", normalisation "
        + normalisation.label()
        + ", spark "
        + spark.master();
  }
}
