package io.stockpipe.ingest.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * CsvRows must read what Commons CSV's DEFAULT format with trimming reads, and fail where it does.
 */
class CsvRowsTest {
  private static final CSVFormat COMMONS =
      CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).setTrim(true).get();

  private static final List<String> AWKWARD =
      List.of(
          "",
          "\n",
          "a,b\n",
          "a,b",
          "a,b\r\nc,d\r\n",
          "a,b\rc,d\r",
          "a,,b,\n,\n",
          "a,b\n\n\nc\n",
          "a,b\n   \n",
          "  a  ,\tb \n",
          "\"a,b\",c\n",
          "\"a\"\"b\",\"\"\n",
          "\"line one\nline two\",x\r\n",
          "\" padded \" , \"q\"  \n",
          "x\"y,\"z\"\n",
          "  \"a\",b\n",
          "\"\"\n",
          "a,\"b\"",
          "2014-05-19,23.89,23.595,23.85,24.445,1944854\n");

  @Test
  void readsAwkwardInputLikeCommonsCsv() throws IOException {
    for (String input : AWKWARD) {
      assertThat(ours(input, Integer.MAX_VALUE)).as("%s", input).isEqualTo(commons(input));
    }
  }

  @Test
  void readsRandomInputLikeCommonsCsvAndFailsWhereItFails() throws IOException {
    Random random = new Random(20261130);
    char[] alphabet = {'a', 'b', ',', '"', '\n', '\r', ' ', '\t'};
    for (int n = 0; n < 20_000; n++) {
      StringBuilder input = new StringBuilder();
      int length = random.nextInt(30);
      for (int i = 0; i < length; i++) {
        input.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String text = input.toString();
      List<List<String>> expected;
      try {
        expected = commons(text);
      } catch (IOException | RuntimeException e) {
        assertThatThrownBy(() -> ours(text, Integer.MAX_VALUE))
            .as("%s", text)
            .isInstanceOf(CsvSyntaxException.class);
        continue;
      }
      // One character per read puts every record across reads: the refill paths must not matter.
      assertThat(ours(text, 1)).as("%s", text).isEqualTo(expected);
      assertThat(ours(text, 3)).as("%s", text).isEqualTo(expected);
    }
  }

  @Test
  void aRecordLongerThanTheBufferGrowsIt() throws IOException {
    String longValue = "x".repeat(200_000);
    List<List<String>> records = ours("a," + longValue + "\nb\n", 4096);
    assertThat(records).hasSize(2);
    assertThat(records.get(0).get(1).equals(longValue)).isTrue();
    assertThat(records.get(1)).containsExactly("b");
  }

  @Test
  void numbersRecordsAndKeepsTheirRawText() throws IOException {
    CsvRows rows = new CsvRows(new StringReader("h1,h2\r\n\n \"x\" , y\nlast"));
    List<String> seen = new ArrayList<>();
    while (rows.next()) {
      seen.add(rows.recordNumber() + ":" + rows.rawText());
    }
    assertThat(seen).containsExactly("1:h1,h2", "2:", "3: \"x\" , y", "4:last");
  }

  @Test
  void namesTheRecordOfAnUnterminatedQuote() {
    assertThatThrownBy(() -> ours("a,b\nc,\"open\n", Integer.MAX_VALUE))
        .isInstanceOf(CsvSyntaxException.class)
        .hasMessageContaining("record 2");
  }

  private static List<List<String>> ours(String input, int charsPerRead) throws IOException {
    CsvRows rows = new CsvRows(new ChunkedReader(input, charsPerRead));
    List<List<String>> records = new ArrayList<>();
    while (rows.next()) {
      records.add(rows.values());
    }
    return records;
  }

  private static List<List<String>> commons(String input) throws IOException {
    List<List<String>> records = new ArrayList<>();
    try (CSVParser parser = COMMONS.parse(new StringReader(input))) {
      for (CSVRecord record : parser) {
        records.add(record.toList());
      }
    }
    return records;
  }

  /** Hands out at most {@code charsPerRead} characters per read. */
  private static final class ChunkedReader extends Reader {
    private final String text;
    private final int charsPerRead;
    private int position;

    ChunkedReader(String text, int charsPerRead) {
      this.text = text;
      this.charsPerRead = charsPerRead;
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
      if (position == text.length()) {
        return -1;
      }
      int count = Math.min(Math.min(length, charsPerRead), text.length() - position);
      text.getChars(position, position + count, buffer, offset);
      position += count;
      return count;
    }

    @Override
    public void close() {}
  }
}
