package io.stockpipe.features.spark;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark rows in PostgreSQL's binary COPY format: text, date, float8 and float8[] columns. Doubles
 * travel as their eight bytes, so a stored feature is bit for bit what Spark computed, and the
 * server parses no text.
 *
 * @see <a href="https://www.postgresql.org/docs/17/sql-copy.html#id-1.9.3.55.9.4">COPY binary
 *     format</a>
 */
final class BinaryCopyRows {
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0
  };
  private static final int FLOAT8_OID = 701;

  /** PostgreSQL counts dates from 2000-01-01. */
  private static final long POSTGRES_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();

  private enum Kind {
    TEXT,
    DATE,
    FLOAT8,
    FLOAT8_ARRAY
  }

  private final Kind[] kinds;
  private byte[] bytes = new byte[1 << 16];
  private int length;

  /**
   * @throws IllegalArgumentException for a column of a type this does not write
   */
  BinaryCopyRows(StructType schema) {
    kinds = kindsOf(schema);
  }

  /**
   * @throws IllegalArgumentException for a column of a type this does not write
   */
  static void requireWritable(StructType schema) {
    kindsOf(schema);
  }

  private static Kind[] kindsOf(StructType schema) {
    StructField[] fields = schema.fields();
    Kind[] kinds = new Kind[fields.length];
    for (int i = 0; i < fields.length; i++) {
      kinds[i] = kindOf(fields[i]);
    }
    return kinds;
  }

  private static Kind kindOf(StructField field) {
    DataType type = field.dataType();
    if (type.equals(DataTypes.StringType)) {
      return Kind.TEXT;
    }
    if (type.equals(DataTypes.DateType)) {
      return Kind.DATE;
    }
    if (type.equals(DataTypes.DoubleType)) {
      return Kind.FLOAT8;
    }
    if (type instanceof ArrayType array && array.elementType().equals(DataTypes.DoubleType)) {
      return Kind.FLOAT8_ARRAY;
    }
    throw new IllegalArgumentException(
        "column " + field.name() + " is " + type.simpleString() + ", which COPY here cannot write");
  }

  void header() {
    ensure(SIGNATURE.length + 8);
    System.arraycopy(SIGNATURE, 0, bytes, length, SIGNATURE.length);
    length += SIGNATURE.length;
    putInt(0); // flags: no OIDs
    putInt(0); // no header extension
  }

  void trailer() {
    ensure(2);
    putShort(-1);
  }

  void append(Row row) {
    ensure(2);
    putShort(kinds.length);
    for (int i = 0; i < kinds.length; i++) {
      if (row.isNullAt(i)) {
        ensure(4);
        putInt(-1);
        continue;
      }
      switch (kinds[i]) {
        case TEXT -> text(row.getString(i));
        case DATE -> date(row.get(i));
        case FLOAT8 -> {
          ensure(12);
          putInt(8);
          putLong(Double.doubleToRawLongBits(row.getDouble(i)));
        }
        case FLOAT8_ARRAY -> float8Array(row.getList(i));
      }
    }
  }

  /** Bytes written since the last {@link #clear()}. */
  int length() {
    return length;
  }

  byte[] bytes() {
    return bytes;
  }

  void clear() {
    length = 0;
  }

  private void text(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    ensure(4 + utf8.length);
    putInt(utf8.length);
    System.arraycopy(utf8, 0, bytes, length, utf8.length);
    length += utf8.length;
  }

  /** Spark hands out java.sql.Date, or LocalDate when its Java 8 date API is switched on. */
  private void date(Object value) {
    LocalDate date =
        value instanceof java.sql.Date sqlDate ? sqlDate.toLocalDate() : (LocalDate) value;
    ensure(8);
    putInt(4);
    putInt(Math.toIntExact(date.toEpochDay() - POSTGRES_EPOCH_DAY));
  }

  /** One-dimensional, lower bound 1, NULL elements allowed. */
  private void float8Array(List<Double> values) {
    int count = values.size();
    boolean anyNull = false;
    for (Double value : values) {
      anyNull |= value == null;
    }
    ensure(4 + 20 + count * 12);
    int sizeAt = length;
    putInt(0); // the array's byte length, filled in below
    putInt(1); // dimensions
    putInt(anyNull ? 1 : 0);
    putInt(FLOAT8_OID);
    putInt(count);
    putInt(1); // lower bound
    for (Double value : values) {
      if (value == null) {
        putInt(-1);
      } else {
        putInt(8);
        putLong(Double.doubleToRawLongBits(value));
      }
    }
    int size = length - sizeAt - 4;
    length = sizeAt;
    putInt(size);
    length = sizeAt + 4 + size;
  }

  private void putShort(int value) {
    bytes[length++] = (byte) (value >>> 8);
    bytes[length++] = (byte) value;
  }

  private void putInt(int value) {
    bytes[length++] = (byte) (value >>> 24);
    bytes[length++] = (byte) (value >>> 16);
    bytes[length++] = (byte) (value >>> 8);
    bytes[length++] = (byte) value;
  }

  private void putLong(long value) {
    putInt((int) (value >>> 32));
    putInt((int) value);
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
