package io.stockpipe.model.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The little-endian binary files {@code bench/train_torch.py} reads with numpy. */
final class TorchFiles {
  private TorchFiles() {}

  static void writeFloats(Path file, float[] values) throws IOException {
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    write(file, bytes);
  }

  static void writeInts(Path file, int[][] rows) throws IOException {
    int length = 0;
    for (int[] row : rows) {
      length += row.length;
    }
    ByteBuffer bytes = ByteBuffer.allocate(length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int[] row : rows) {
      for (int value : row) {
        bytes.putInt(value);
      }
    }
    bytes.flip();
    write(file, bytes);
  }

  private static void write(Path file, ByteBuffer bytes) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }
  }
}
