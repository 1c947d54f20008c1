package io.stockpipe.model.data;

import io.stockpipe.errors.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * The symbols a model learns from: every symbol of the feature set, or only {@code symbols}, less
 * those a fixed hash of the ticker holds out. The hash (CRC32 of the ticker, mod 100, below {@code
 * holdoutPercent}) depends on nothing but the ticker, so the same symbols are held out on every
 * node and in every later run, and a model can be judged on exactly the symbols it never saw.
 *
 * @param symbols only these, or every symbol when empty
 * @param holdoutPercent share of symbols held out, 0 to 90
 */
public record SymbolScope(List<String> symbols, int holdoutPercent) {
  public static final SymbolScope ALL = new SymbolScope(List.of(), 0);

  public SymbolScope {
    symbols = symbols == null ? List.of() : List.copyOf(symbols);
    if (holdoutPercent < 0 || holdoutPercent > 90) {
      throw new BadInputException(
          "--holdout-symbols must be a percentage from 0 to 90, was " + holdoutPercent);
    }
  }

  /** Whether a model trained in this scope learns from a symbol; answers are cached per symbol. */
  public Predicate<String> trainsOn() {
    Set<String> only = Set.copyOf(symbols);
    Map<String, Boolean> answers = new HashMap<>();
    return symbol ->
        answers.computeIfAbsent(symbol, s -> (only.isEmpty() || only.contains(s)) && !heldOut(s));
  }

  /** Whether the hash holds {@code symbol} out of training. */
  public boolean heldOut(String symbol) {
    if (holdoutPercent == 0) {
      return false;
    }
    CRC32 crc = new CRC32();
    crc.update(symbol.getBytes(StandardCharsets.UTF_8));
    return crc.getValue() % 100 < holdoutPercent;
  }

  /** Whether some symbols of the feature set are not trained on. */
  public boolean isPartial() {
    return !symbols.isEmpty() || holdoutPercent > 0;
  }
}
