package io.stockpipe.ingest.csv;

import io.stockpipe.ingest.Reject;
import io.stockpipe.ingest.validation.PriceBar;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one file gave: its valid bars and its rejects. When the whole file was refused, {@code bars}
 * is empty and {@code rejects} holds the one whole-file reject.
 *
 * @param name the file's path or URL
 * @param bars valid bars in file order
 * @param rejects refused rows (or the refused file)
 * @param rowsRead data rows read, the header and blank lines not counted
 */
public record ParsedFile(String name, List<PriceBar> bars, List<Reject> rejects, long rowsRead) {

  public ParsedFile {
    bars = List.copyOf(bars);
    rejects = List.copyOf(rejects);
  }

  public static ParsedFile refused(Reject reject) {
    return new ParsedFile(reject.sourceFile(), List.of(), List.of(reject), 0);
  }

  public boolean refused() {
    return rejects.size() == 1 && rejects.get(0).isWholeFile();
  }

  public Set<String> symbols() {
    return bars.stream().map(PriceBar::symbol).collect(Collectors.toSet());
  }
}
