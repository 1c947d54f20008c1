package io.stockpipe.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written fast paths against the general code they stand in for. */
class FieldParserTest {

  @Test
  void aSmallDecimalIsReadAsBigDecimalReadsIt() {
    Random random = new Random(11);
    char[] alphabet = {'0', '1', '5', '9', '.', '-', '+', 'e', ' '};
    for (int n = 0; n < 100_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = 1 + random.nextInt(22);
      for (int i = 0; i < length; i++) {
        text.append(alphabet[random.nextInt(random.nextBoolean() ? 4 : alphabet.length)]);
      }
      String value = text.toString();
      BigDecimal small = FieldParser.smallDecimal(value);
      if (small != null) {
        // Same number and same scale: the stored numeric keeps the file's digits.
        assertThat(small).as(value).isEqualTo(new BigDecimal(value));
      } else if (FieldParser.isPlainDecimal(value)) {
        assertThat(value.replaceAll("[^0-9]", "").length() > 18 || value.contains("e"))
            .as("%s is plain and short, yet left to the general parser", value)
            .isTrue();
      }
    }
  }

  @Test
  void pricesKeepTheirScaleAndRefuseWhatIsNotPlain() {
    assertThat(FieldParser.requiredPrice("close", " 067.70 ").toPlainString()).isEqualTo("67.70");
    assertThat(FieldParser.requiredPrice("close", "1.5e2").toPlainString()).isEqualTo("150");
    assertThat(FieldParser.requiredPrice("close", "1234567890.1234567890123").scale())
        .isEqualTo(13);
    assertThatThrownBy(() -> FieldParser.requiredPrice("close", "1.2.3"))
        .isInstanceOf(InvalidBarException.class)
        .hasMessage("close '1.2.3' is not a number");
  }

  @Test
  void aTickerIsWhatTheDocumentedPatternAllows() {
    Pattern documented = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,19}");
    Random random = new Random(3);
    char[] alphabet = {'A', 'Z', '0', '9', '.', '_', '-', 'a', ' ', '!', '/'};
    for (int n = 0; n < 50_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(23);
      for (int i = 0; i < length; i++) {
        text.append(alphabet[random.nextInt(random.nextBoolean() ? 7 : alphabet.length)]);
      }
      String symbol = text.toString();
      boolean allowed;
      try {
        PriceBar.requireSymbol(symbol);
        allowed = true;
      } catch (InvalidBarException e) {
        allowed = false;
      }
      assertThat(allowed).as(symbol).isEqualTo(documented.matcher(symbol).matches());
    }
  }
}
