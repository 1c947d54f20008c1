package io.stockpipe.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.ingest.validation.PriceBar;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written encoding must write exactly what the JDK's toPlainString/toString write. */
class CopyTextTest {

  @Test
  void writesDecimalsDatesAndVolumesAsTheJdkPrintsThem() {
    Random random = new Random(7);
    for (int n = 0; n < 50_000; n++) {
      BigDecimal price = randomPositive(random);
      LocalDate date = LocalDate.ofEpochDay(random.nextInt(3_000_000) - 700_000);
      long volume = random.nextBoolean() ? random.nextInt(1000) : Math.abs(random.nextLong());
      PriceBar bar = new PriceBar("BRK.B", date, null, price, price, price, price, volume);
      assertThat(encode(bar, "/data/x.csv", 42))
          .isEqualTo(
              "BRK.B\t"
                  + date
                  + "\t\\N\t"
                  + (price.toPlainString() + "\t").repeat(4)
                  + volume
                  + "\t/data/x.csv\t42\n");
    }
  }

  @Test
  void escapesTheSourceNameAndTakesRowsInBatches() {
    CopyText text = new CopyText(7);
    text.startFile("C:\\odd\tname.csv");
    PriceBar bar =
        new PriceBar(
            "A", LocalDate.of(2024, 1, 2), null, null, null, new BigDecimal("0.05"), null, 0);
    text.append(bar);
    assertThat(new String(text.take(), StandardCharsets.UTF_8))
        .isEqualTo("A\t2024-01-02\t\\N\t\\N\t\\N\t0.05\t\\N\t0\tC:\\\\odd\\tname.csv\t7\n");
    assertThat(text.take()).isEmpty();
  }

  /** Plain, tiny, huge, many-digit and exponent-scaled values: the fast path and its fallback. */
  private static BigDecimal randomPositive(Random random) {
    BigInteger unscaled = new BigInteger(1 + random.nextInt(90), random).add(BigInteger.ONE);
    int scale =
        switch (random.nextInt(4)) {
          case 0 -> random.nextInt(5);
          case 1 -> random.nextInt(25);
          case 2 -> -random.nextInt(5);
          default -> random.nextInt(40) - 10;
        };
    return new BigDecimal(unscaled, scale);
  }

  private static String encode(PriceBar bar, String source, long runId) {
    CopyText text = new CopyText(runId);
    text.startFile(source);
    text.append(bar);
    return new String(text.take(), StandardCharsets.UTF_8);
  }
}
