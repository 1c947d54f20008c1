package io.stockpipe.ingest.csv;

import io.stockpipe.ingest.validation.RejectRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A file's bytes as UTF-8 text, refusing anything else with what was found and where: a UTF-16 or
 * UTF-32 byte order mark, UTF-16 without one (every second byte NUL), binary data (a NUL byte, or
 * the signature of an archive or a workbook), bytes that are not UTF-8.
 *
 * <p>The first {@value #HEAD_BYTES} bytes are looked at before any text is handed on, so a binary
 * or UTF-16 file is refused after one read however large it is. Later bytes are checked as they are
 * decoded: the text before an invalid byte is handed on first, so that {@link RawLineReader} can
 * name its line and column.
 *
 * <p>Not thread-safe: one per file, read by the parsing thread.
 */
final class StrictUtf8Reader extends Reader {
  static final int HEAD_BYTES = 1 << 16;

  /** Room enough for any character (a surrogate pair needs two): decode into the caller's. */
  private static final int DIRECT_DECODE_CHARS = 64;

  /** Bytes that are not UTF-8 at a known offset; {@link #at} adds the line and column. */
  static final class InvalidUtf8Exception extends FileRefusedException {
    private static final long serialVersionUID = 1L;
    private final long byteOffset;
    private final String bytes;
    private final boolean looksLikeLatin1;

    InvalidUtf8Exception(long byteOffset, String bytes, boolean looksLikeLatin1) {
      super(RejectRule.FILE_NOT_CSV, reason("byte offset " + byteOffset, bytes, looksLikeLatin1));
      this.byteOffset = byteOffset;
      this.bytes = bytes;
      this.looksLikeLatin1 = looksLikeLatin1;
    }

    FileRefusedException at(long line, long column) {
      return new FileRefusedException(
          RejectRule.FILE_NOT_CSV,
          reason(
              "line " + line + ", column " + column + " (byte offset " + byteOffset + ")",
              bytes,
              looksLikeLatin1));
    }

    private static String reason(String where, String bytes, boolean looksLikeLatin1) {
      boolean several = bytes.indexOf(' ') >= 0;
      return "not UTF-8 text: "
          + (several ? "bytes " : "byte ")
          + bytes
          + " at "
          + where
          + (several ? " are" : " is")
          + " not UTF-8"
          + (looksLikeLatin1
              ? "; if the file is Latin-1 or Windows-1252, save it as UTF-8"
              : "; save the file as UTF-8");
    }
  }

  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(HEAD_BYTES).flip();
  private final CharBuffer chars = CharBuffer.allocate(1 << 13).flip();

  /** Offset in the file of {@code bytes.array()[0]}. */
  private long bufferOffset;

  private boolean headChecked;
  private FileRefusedException refusedHead;
  private boolean endOfInput;
  private boolean flushed;
  private InvalidUtf8Exception invalid;

  StrictUtf8Reader(InputStream in) {
    this.in = in;
  }

  @Override
  public int read(char[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (refusedHead != null) {
      throw refusedHead;
    }
    if (!headChecked) {
      fill();
      try {
        checkHead(bytes.array(), bytes.limit());
      } catch (FileRefusedException e) {
        refusedHead = e;
        throw e;
      }
      headChecked = true;
    }
    if (!chars.hasRemaining() && length >= DIRECT_DECODE_CHARS) {
      // Straight into the caller's buffer: one copy of the text fewer on the hot path.
      CharBuffer direct = CharBuffer.wrap(target, offset, length);
      while (direct.position() == offset) {
        if (!decode(direct)) {
          return -1;
        }
      }
      return direct.position() - offset;
    }
    while (!chars.hasRemaining()) {
      chars.clear();
      boolean more;
      try {
        more = decode(chars);
      } finally {
        chars.flip();
      }
      if (!more) {
        return -1;
      }
    }
    int count = Math.min(length, chars.remaining());
    chars.get(target, offset, count);
    return count;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * Decodes what the bytes at hand give into {@code out} (possibly nothing, after reading more).
   * False at the end of the text; throws at invalid bytes, once the text before them is handed on.
   */
  private boolean decode(CharBuffer out) throws IOException {
    int start = out.position();
    if (invalid != null) {
      throw invalid;
    }
    if (flushed) {
      return false;
    }
    CoderResult result = decoder.decode(bytes, out, endOfInput);
    if (result.isError()) {
      invalid = invalidAt(bytes.position(), result.length());
      if (out.position() == start) {
        throw invalid;
      }
    } else if (result.isUnderflow() && out.position() == start) {
      if (endOfInput) {
        decoder.flush(out);
        flushed = true;
        return out.position() > start;
      }
      fill();
    }
    return true;
  }

  /** Tops the byte buffer up to full or to the end of the file. */
  private void fill() throws IOException {
    bufferOffset += bytes.position();
    bytes.compact();
    while (bytes.hasRemaining()) {
      int count = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (count < 0) {
        endOfInput = true;
        break;
      }
      bytes.position(bytes.position() + count);
    }
    bytes.flip();
  }

  private InvalidUtf8Exception invalidAt(int position, int length) {
    byte[] array = bytes.array();
    StringBuilder shown = new StringBuilder();
    for (int i = position; i < Math.min(position + Math.max(length, 1), bytes.limit()); i++) {
      shown.append(shown.isEmpty() ? "" : " ").append(hex(array[i]));
    }
    // A lone byte of 0x80 or more before ASCII is how Latin-1 and Windows-1252 write é, ü, €...
    int value = array[position] & 0xff;
    boolean latin1 =
        length == 1
            && value >= 0x80
            && (position + 1 >= bytes.limit() || (array[position + 1] & 0xff) < 0x80);
    return new InvalidUtf8Exception(bufferOffset + position, shown.toString(), latin1);
  }

  /** Refuses, before any text is read, what is plainly not UTF-8 text. */
  private static void checkHead(byte[] head, int length) throws FileRefusedException {
    if (startsWith(head, length, 0xff, 0xfe, 0, 0) || startsWith(head, length, 0, 0, 0xfe, 0xff)) {
      throw notText(
          "UTF-32 "
              + (head[0] == 0 ? "BE" : "LE")
              + " text (a byte order mark at the start), not UTF-8: save it as UTF-8");
    }
    if (startsWith(head, length, 0xff, 0xfe) || startsWith(head, length, 0xfe, 0xff)) {
      throw notText(
          "UTF-16 "
              + (head[0] == (byte) 0xff ? "LE" : "BE")
              + " text (a byte order mark "
              + hex(head[0])
              + " "
              + hex(head[1])
              + " at the start), not UTF-8: save it as UTF-8 (Excel: CSV UTF-8)");
    }
    String signature = binarySignature(head, length);
    if (signature != null) {
      throw notText("binary data, not CSV text: " + signature);
    }
    int firstNul = -1;
    int nulsAtEven = 0;
    int nulsAtOdd = 0;
    for (int i = 0; i < length; i++) {
      if (head[i] == 0) {
        firstNul = firstNul < 0 ? i : firstNul;
        if ((i & 1) == 0) {
          nulsAtEven++;
        } else {
          nulsAtOdd++;
        }
      }
    }
    if (firstNul < 0) {
      return;
    }
    // UTF-16 of mostly ASCII text: every second byte is NUL, the others are not.
    int pairs = length / 2;
    if (pairs >= 2 && nulsAtOdd * 10 >= pairs * 8 && nulsAtEven * 10 < pairs) {
      throw notText(utf16WithoutBom("LE", 1));
    }
    if (pairs >= 2 && nulsAtEven * 10 >= pairs * 8 && nulsAtOdd * 10 < pairs) {
      throw notText(utf16WithoutBom("BE", 0));
    }
    throw notText(
        "binary data, not CSV text: a NUL byte at byte offset "
            + firstNul
            + " (line "
            + (1 + count(head, firstNul, (byte) '\n'))
            + ")");
  }

  private static String utf16WithoutBom(String order, int firstNulOffset) {
    return "UTF-16 "
        + order
        + " text without a byte order mark (every second byte is NUL, from byte offset "
        + firstNulOffset
        + "), not UTF-8: save it as UTF-8";
  }

  private static String binarySignature(byte[] head, int length) {
    if (startsWith(head, length, 'P', 'K', 3, 4)) {
      return "a ZIP archive (an Excel .xlsx workbook is one): export the sheet as CSV UTF-8";
    }
    if (startsWith(head, length, 0x1f, 0x8b)) {
      return "gzip-compressed data: unpack it first";
    }
    if (startsWith(head, length, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
      return "an Excel 97-2003 (.xls) workbook: export the sheet as CSV UTF-8";
    }
    if (startsWith(head, length, '%', 'P', 'D', 'F', '-')) {
      return "a PDF document";
    }
    return null;
  }

  private static boolean startsWith(byte[] head, int length, int... signature) {
    if (length < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((head[i] & 0xff) != signature[i]) {
        return false;
      }
    }
    return true;
  }

  private static int count(byte[] head, int end, byte wanted) {
    int count = 0;
    for (int i = 0; i < end; i++) {
      count += head[i] == wanted ? 1 : 0;
    }
    return count;
  }

  private static String hex(byte value) {
    return String.format(Locale.ROOT, "0x%02X", value & 0xff);
  }

  private static FileRefusedException notText(String reason) {
    return new FileRefusedException(RejectRule.FILE_NOT_CSV, reason);
  }
}
