package io.stockpipe.ingest.load;

import io.stockpipe.ingest.Reject;
import java.util.List;

/**
 * Whole files ready for one transaction: their valid bars as PostgreSQL COPY text, and their
 * rejects. No symbol appears in two files of one batch, so one upsert never meets a bar twice.
 *
 * @param copyText bars as COPY text rows (see {@link CopyText})
 * @param bars number of bars in {@code copyText}
 * @param rejects refused rows and files
 * @param files files in the batch
 * @param filesRefused files refused whole
 * @param rowsRead data rows read from the files
 */
public record LoadBatch(
    byte[] copyText, long bars, List<Reject> rejects, int files, int filesRefused, long rowsRead) {

  public LoadBatch {
    rejects = List.copyOf(rejects);
  }

  public long rowsRejected() {
    return rejects.stream().filter(reject -> !reject.isWholeFile()).count();
  }
}
