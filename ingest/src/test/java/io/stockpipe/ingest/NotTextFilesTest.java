package io.stockpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that is not UTF-8 text is refused whole, and the reason says what was found and where, so
 * the operator knows what to do with it (not "Input length = 1").
 */
@ExtendWith(PostgresExtension.class)
class NotTextFilesTest {
  private static final String CSV = "date,open,high,low,close,volume\n2024-01-02,1,2,1,1.5,10\n";

  @TempDir Path dir;
  private IngestFixture fixture;

  @BeforeEach
  void setUp(Database database) {
    fixture = new IngestFixture(database);
  }

  @Test
  void utf16AndUtf32AreNamedWithOrWithoutAByteOrderMark() throws IOException {
    write(
        "LE_BOM.csv", bytes(new byte[] {(byte) 0xff, (byte) 0xfe}, CSV, StandardCharsets.UTF_16LE));
    write(
        "BE_BOM.csv", bytes(new byte[] {(byte) 0xfe, (byte) 0xff}, CSV, StandardCharsets.UTF_16BE));
    write("LE.csv", CSV.getBytes(StandardCharsets.UTF_16LE));
    write("BE.csv", CSV.getBytes(StandardCharsets.UTF_16BE));
    write(
        "U32.csv",
        bytes(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0}, "date", StandardCharsets.UTF_8));
    IngestFixture.write(dir.resolve("GOOD.csv"), CSV);

    IngestSummary summary = fixture.ingest(dir);

    assertThat(summary.filesRefused()).isEqualTo(5);
    assertThat(fixture.rows("SELECT symbol FROM price_bar")).containsExactly(List.of("GOOD"));
    assertThat(refusals())
        .containsExactly(
            List.of(
                "BE.csv",
                "FILE_NOT_CSV",
                "UTF-16 BE text without a byte order mark (every second byte is NUL, from byte"
                    + " offset 0), not UTF-8: save it as UTF-8"),
            List.of(
                "BE_BOM.csv",
                "FILE_NOT_CSV",
                "UTF-16 BE text (a byte order mark 0xFE 0xFF at the start), not UTF-8: save it as"
                    + " UTF-8 (Excel: CSV UTF-8)"),
            List.of(
                "LE.csv",
                "FILE_NOT_CSV",
                "UTF-16 LE text without a byte order mark (every second byte is NUL, from byte"
                    + " offset 1), not UTF-8: save it as UTF-8"),
            List.of(
                "LE_BOM.csv",
                "FILE_NOT_CSV",
                "UTF-16 LE text (a byte order mark 0xFF 0xFE at the start), not UTF-8: save it as"
                    + " UTF-8 (Excel: CSV UTF-8)"),
            List.of(
                "U32.csv",
                "FILE_NOT_CSV",
                "UTF-32 LE text (a byte order mark at the start), not UTF-8: save it as UTF-8"));
  }

  @Test
  void invalidUtf8IsPlacedByLineColumnAndByteOffsetEvenFarIntoTheFile() throws IOException {
    StringBuilder rows = new StringBuilder("date,open,high,low,close,volume\n");
    for (int day = 0; day < 5_000; day++) {
      rows.append(LocalDate.of(2000, 1, 1).plusDays(day)).append(",1,2,1,1.5,10\n");
    }
    byte[] good = rows.toString().getBytes(StandardCharsets.UTF_8);
    write(
        "FAR.csv",
        concat(good, "2020-01-01,1,2,1,1.5,10 caf\u00e9\n", StandardCharsets.ISO_8859_1));
    write("NEAR.csv", concat(new byte[0], "date,\u00e9\n", StandardCharsets.ISO_8859_1));
    // a UTF-16 surrogate written as if it were a character: not UTF-8
    write(
        "BROKEN.csv",
        concat(
            "date,open,high,low,close,volume\n2024,".getBytes(StandardCharsets.UTF_8),
            "\u00ed\u00a0\u0080\n",
            StandardCharsets.ISO_8859_1));
    byte[] truncated = "date,open,\u20ac".getBytes(StandardCharsets.UTF_8);
    write("CUT.csv", Arrays.copyOf(truncated, truncated.length - 1));

    fixture.ingest(dir);

    assertThat(good.length).isGreaterThan(1 << 16); // past what is looked at before reading
    assertThat(refusals())
        .containsExactly(
            List.of(
                "BROKEN.csv",
                "FILE_NOT_CSV",
                "not UTF-8 text: bytes 0xED 0xA0 0x80 at line 2, column 6 (byte offset 37) are"
                    + " not UTF-8; save the file as UTF-8"),
            List.of(
                "CUT.csv",
                "FILE_NOT_CSV",
                "not UTF-8 text: bytes 0xE2 0x82 at line 1, column 11 (byte offset 10) are not"
                    + " UTF-8; save the file as UTF-8"),
            List.of(
                "FAR.csv",
                "FILE_NOT_CSV",
                "not UTF-8 text: byte 0xE9 at line 5002, column 28 (byte offset "
                    + (good.length + 27)
                    + ") is not UTF-8; if the file is Latin-1 or Windows-1252, save it as UTF-8"),
            List.of(
                "NEAR.csv",
                "FILE_NOT_CSV",
                "not UTF-8 text: byte 0xE9 at line 1, column 6 (byte offset 5) is not UTF-8; if"
                    + " the file is Latin-1 or Windows-1252, save it as UTF-8"));
  }

  @Test
  void binaryDataIsNamedWithItsFirstNulByte() throws IOException {
    byte[] binary = new byte[3 << 20];
    new Random(20261212).nextBytes(binary);
    binary[0] = 'x'; // not by chance the signature of a known format
    int firstNul = indexOf(binary, (byte) 0);
    int line = 1;
    for (int i = 0; i < firstNul; i++) {
      line += binary[i] == '\n' ? 1 : 0;
    }
    write("BLOB.csv", binary);
    StringBuilder rows = new StringBuilder("date,open,high,low,close,volume\n");
    for (int day = 0; day < 5_000; day++) {
      rows.append(LocalDate.of(2000, 1, 1).plusDays(day)).append(",1,2,1,1.5,10\n");
    }
    IngestFixture.write(dir.resolve("LATE.csv"), rows + "2020-01-01,1,\0,1,1.5,10\n");
    write("GZ.csv", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0});

    fixture.ingest(dir);

    assertThat(refusals())
        .containsExactly(
            List.of(
                "BLOB.csv",
                "FILE_NOT_CSV",
                "binary data, not CSV text: a NUL byte at byte offset "
                    + firstNul
                    + " (line "
                    + line
                    + ")"),
            List.of(
                "GZ.csv",
                "FILE_NOT_CSV",
                "binary data, not CSV text: gzip-compressed data: unpack it first"),
            List.of(
                "LATE.csv",
                "FILE_NOT_CSV",
                "binary data, not CSV text: a NUL character at line 5002, column 14"));
  }

  private List<List<String>> refusals() {
    return fixture.rows(
        "SELECT regexp_replace(source_file, '.*/', ''), rule, reason FROM ingest_reject"
            + " WHERE line_number IS NULL ORDER BY 1");
  }

  private void write(String name, byte[] content) throws IOException {
    Files.write(dir.resolve(name), content);
  }

  private static byte[] bytes(byte[] start, String text, Charset charset) {
    return concat(start, text, charset);
  }

  private static byte[] concat(byte[] start, String text, Charset charset) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(start);
    out.writeBytes(text.getBytes(charset));
    return out.toByteArray();
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    throw new AssertionError("no " + wanted);
  }
}
