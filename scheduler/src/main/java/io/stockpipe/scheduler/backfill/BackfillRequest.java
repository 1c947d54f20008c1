package io.stockpipe.scheduler.backfill;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.scheduler.Step;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an operator asks a backfill for.
 *
 * @param from first date of the range
 * @param to last date of the range (its trading dates are what runs)
 * @param steps among features, predict, score and report; held in chain order
 * @param symbols the symbols to build, empty for all; only a features-only backfill may name some
 * @param mode which (date, step) pairs of the range run
 * @param unitDates the most trading dates in one unit (one Spark job for features)
 * @param requestedBy who asked, e.g. {@code ana@host}
 */
public record BackfillRequest(
    LocalDate from,
    LocalDate to,
    List<Step> steps,
    List<String> symbols,
    BackfillMode mode,
    int unitDates,
    String requestedBy) {
  /** The steps a backfill runs unless told otherwise. */
  public static final List<Step> STEPS = List.of(Step.FEATURES, Step.PREDICT, Step.SCORE);

  /**
   * The steps a backfill may run: not ingest, which reads whole sources. The report writes the
   * report of each unit's last date, so it is asked for, not a default.
   */
  public static final List<Step> ALLOWED_STEPS =
      List.of(Step.FEATURES, Step.PREDICT, Step.SCORE, Step.REPORT);

  public static final int DEFAULT_UNIT_DATES = 20;
  public static final int MAX_UNIT_DATES = 250;
  private static final Pattern TICKER = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,19}");

  public BackfillRequest {
    if (from == null || to == null) {
      throw new BadInputException("a backfill needs --from and --to");
    }
    if (to.isBefore(from)) {
      throw new BadInputException("--to " + to + " is before --from " + from);
    }
    if (steps == null || steps.isEmpty()) {
      throw new BadInputException("a backfill needs at least one step");
    }
    steps = Step.parseList(Step.keys(steps));
    for (Step step : steps) {
      if (!ALLOWED_STEPS.contains(step)) {
        throw new BadInputException(
            "a backfill runs "
                + String.join(",", Step.keys(ALLOWED_STEPS))
                + ", not "
                + step.key()
                + " (load past prices with `stockpipe ingest --source csv:PATH`)");
      }
    }
    symbols = List.copyOf(Objects.requireNonNull(symbols, "symbols"));
    for (String symbol : symbols) {
      if (!TICKER.matcher(symbol).matches()) {
        throw new BadInputException(
            "'" + symbol + "' is not a ticker (upper case letters, digits, '.', '_', '-')");
      }
    }
    if (!symbols.isEmpty() && !steps.equals(List.of(Step.FEATURES))) {
      throw new BadInputException(
          "--symbols is for --steps features alone: a prediction ranks, and a score measures,"
              + " every symbol of a date, so a few symbols' rows would replace the whole"
              + " cross-section's");
    }
    Objects.requireNonNull(mode, "mode");
    if (unitDates < 1 || unitDates > MAX_UNIT_DATES) {
      throw new BadInputException(
          "--unit-dates must be 1.." + MAX_UNIT_DATES + ", was " + unitDates);
    }
    Objects.requireNonNull(requestedBy, "requested by");
  }

  /** This request with another mode (what a resume plans with). */
  BackfillRequest withMode(BackfillMode newMode) {
    return new BackfillRequest(from, to, steps, symbols, newMode, unitDates, requestedBy);
  }

  public String describe() {
    return from
        + ".."
        + to
        + ", steps "
        + String.join(",", Step.keys(steps))
        + (symbols.isEmpty() ? "" : ", symbols " + String.join(",", symbols))
        + ", mode "
        + mode.key()
        + ", up to "
        + unitDates
        + " dates a unit";
  }
}
