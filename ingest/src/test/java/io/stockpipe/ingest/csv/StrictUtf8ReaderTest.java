package io.stockpipe.ingest.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decoding behind every CSV file: UTF-8 read as the JDK reads it, anything else refused. */
class StrictUtf8ReaderTest {

  @Test
  void readsValidUtf8AsTheJdkDoesWhateverThePiecesItArrivesIn() throws IOException {
    Random random = new Random(20261212);
    String[] pieces = {"a", ",", "\n", "\r\n", "1.5", "\u00e9", "\u20ac", "\ud83d\udcc8", "\u4e2d"};
    StringBuilder text = new StringBuilder("\ufeff");
    while (text.length() < 400_000) {
      text.append(pieces[random.nextInt(pieces.length)]);
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);

    StringBuilder read = new StringBuilder();
    try (Reader reader =
        new StrictUtf8Reader(new Dribble(new ByteArrayInputStream(bytes), random))) {
      char[] buffer = new char[9_000];
      for (int count = 0; count >= 0; count = reader.read(buffer, 0, 1 + random.nextInt(9_000))) {
        read.append(buffer, 0, count);
      }
    }
    assertThat(read.toString()).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
  }

  /** A 200 MB binary file costs one read of its head, not 200 MB, to be refused. */
  @Test
  void aBinaryFileIsRefusedAfterReadingItsHeadOnly() {
    byte[] binary = new byte[4 << 20];
    new Random(4711).nextBytes(binary);
    binary[0] = 'x';
    long[] bytesRead = {0};
    InputStream counted =
        new FilterInputStream(new ByteArrayInputStream(binary)) {
          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = super.read(buffer, offset, length);
            bytesRead[0] += Math.max(count, 0);
            return count;
          }
        };

    assertThatThrownBy(() -> new StrictUtf8Reader(counted).read(new char[8192], 0, 8192))
        .isInstanceOf(FileRefusedException.class)
        .hasMessageStartingWith("binary data, not CSV text: a NUL byte at byte offset ");
    assertThat(bytesRead[0]).isLessThanOrEqualTo(StrictUtf8Reader.HEAD_BYTES);
  }

  /** Hands bytes on in pieces of random length, as a pipe or a network file system would. */
  private static final class Dribble extends FilterInputStream {
    private final Random random;

    Dribble(InputStream in, Random random) {
      super(in);
      this.random = random;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      return super.read(buffer, offset, Math.min(length, 1 + random.nextInt(5_000)));
    }
  }
}
