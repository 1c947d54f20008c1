package io.stockpipe.ingest.load;

import io.stockpipe.ingest.Reject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Whole files ready for one transaction: their valid bars as PostgreSQL COPY text, and their
 * rejects. No symbol appears in two files of one batch, so one upsert never meets a bar twice.
 *
 * @param copyText bars as COPY text rows (see {@link CopyText})
 * @param symbolDates per symbol in the batch, its first and last bar date
 * @param bars number of bars in {@code copyText}
 * @param rejects refused rows and files
 * @param files files in the batch
 * @param filesRefused files refused whole
 * @param rowsRead data rows read from the files
 */
public record LoadBatch(
    byte[] copyText,
    Map<String, DateRange> symbolDates,
    long bars,
    List<Reject> rejects,
    int files,
    int filesRefused,
    long rowsRead) {

  public LoadBatch {
    symbolDates = Map.copyOf(symbolDates);
    rejects = List.copyOf(rejects);
  }

  /** First and last date of a symbol's bars in the batch. */
  public record DateRange(LocalDate first, LocalDate last) {
    DateRange span(DateRange other) {
      return new DateRange(
          other.first.isBefore(first) ? other.first : first,
          other.last.isAfter(last) ? other.last : last);
    }
  }

  public long rowsRejected() {
    return rejects.stream().filter(reject -> !reject.isWholeFile()).count();
  }
}
