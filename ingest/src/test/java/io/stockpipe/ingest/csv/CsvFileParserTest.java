package io.stockpipe.ingest.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Ingest reads CSV with FastCSV since 2026-11-30 and read it with Commons CSV (DEFAULT, trimmed)
 * before: a file must mean the same rows either way, so the two are held to each other here.
 */
class CsvFileParserTest {
  private static final CSVFormat COMMONS =
      CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).setTrim(true).get();

  /** A quote opening a value after blanks: see the test for it. */
  private static final Pattern QUOTE_AFTER_BLANKS = Pattern.compile("(^|[,\\r\\n]) +\"");

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
          "  a  ,\tb \n",
          "\"a,b\",c\n",
          "\"a\"\"b\",\"\"\n",
          "\"line one\nline two\",x\r\n",
          "\" padded \",\"q\"\n",
          "x\"y,\"z\"\n",
          "\"\"\n",
          "a,\"b\"",
          "2014-05-19,23.89,23.595,23.85,24.445,1944854\n");

  @Test
  void readsAwkwardInputAsCommonsCsvDid() throws IOException {
    for (String input : AWKWARD) {
      assertThat(ours(input)).as("%s", input).isEqualTo(commons(input));
    }
  }

  @Test
  void readsRandomInputAsCommonsCsvDidWhereCommonsCouldReadIt() throws IOException {
    Random random = new Random(20261130);
    char[] alphabet = {'a', 'b', ',', '"', '\n', '\r', ' '};
    int compared = 0;
    for (int n = 0; n < 20_000; n++) {
      StringBuilder input = new StringBuilder();
      int length = random.nextInt(25);
      for (int i = 0; i < length; i++) {
        input.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String text = input.toString();
      if (QUOTE_AFTER_BLANKS.matcher(text).find()) {
        continue; // the one intended difference, pinned below
      }
      List<List<String>> expected;
      try {
        expected = commons(text);
      } catch (IOException | RuntimeException e) {
        continue; // not CSV to Commons either
      }
      assertThat(ours(text)).as("%s", text).isEqualTo(expected);
      compared++;
    }
    assertThat(compared).isGreaterThan(5_000);
  }

  /**
   * Commons read {@code "a,b" } as the unquoted text {@code "a} and {@code b"}; a quoted value with
   * blanks around its quotes is its content now.
   */
  @Test
  void blanksAroundAQuotedValueAreTrimmedLikeBlanksAroundAnyValue() throws IOException {
    assertThat(ours("  \"a,b\" , c\n")).containsExactly(List.of("a,b", "c"));
  }

  @Test
  void textAfterAClosingQuoteIsNotCsv() {
    assertThatThrownBy(() -> ours("date,close\n\"2024-01-02\"x,1\n"))
        .isInstanceOf(CsvParseException.class);
  }

  @Test
  void aRecordSpanningLinesIsNumberedByItsFirstLine() throws IOException {
    List<Long> lines = new ArrayList<>();
    try (CsvReader<CsvRecord> records =
        CsvFileParser.records(new StringReader("h\n\"a\nb\"\nc\n"))) {
      records.forEach(record -> lines.add(record.getStartingLineNumber()));
    }
    assertThat(lines).containsExactly(1L, 2L, 4L);
  }

  private static List<List<String>> ours(String input) throws IOException {
    List<List<String>> records = new ArrayList<>();
    try (CsvReader<CsvRecord> reader = CsvFileParser.records(new StringReader(input))) {
      reader.forEach(record -> records.add(record.getFields()));
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
}
