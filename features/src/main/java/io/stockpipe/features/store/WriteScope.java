package io.stockpipe.features.store;

import java.time.LocalDate;
import java.util.List;

/**
 * The rows of feature_row a build replaces: every row of its version, or the dates {@code
 * from..to}; all symbols or those listed. A row in scope that the build did not produce (its bar
 * was deleted) is removed.
 */
public record WriteScope(LocalDate from, LocalDate to, List<String> symbols) {
  public WriteScope {
    symbols = List.copyOf(symbols);
    if ((from == null) != (to == null)) {
      throw new IllegalArgumentException("from and to must both be set or both be null");
    }
  }

  public boolean isAll() {
    return from == null;
  }

  /** Every date of every symbol: the build's rows are the version's whole partition. */
  public boolean replacesVersion() {
    return isAll() && symbols.isEmpty();
  }
}
