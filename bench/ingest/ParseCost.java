import io.stockpipe.ingest.SourceFile;
import io.stockpipe.ingest.csv.CsvFileParser;
import io.stockpipe.ingest.csv.CsvPathSource;
import io.stockpipe.ingest.csv.ParsedFile;
import io.stockpipe.ingest.load.CopyText;
import io.stockpipe.ingest.validation.FieldParser;
import io.stockpipe.ingest.validation.PriceBar;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The client's share of an ingest (bench/results/ingest-profile.md): parse and validate every file
 * of a directory and encode its bars as COPY text, as the ingest's parser thread does, without a
 * database. Run it with the launcher's ingest JVM flags (C1 only, serial GC); round 1 is the cold
 * figure an ingest run sees.
 *
 * <pre>
 * javac -cp "app/target/stockpipe-app.jar:app/target/lib/*" -d /tmp/parse bench/ingest/ParseCost.java
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
 *   -cp "/tmp/parse:app/target/stockpipe-app.jar:app/target/lib/*" ParseCost ../shared/data/prices 3
 * </pre>
 */
public final class ParseCost {
  public static void main(String[] args) {
    Path directory = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    for (int round = 1; round <= rounds; round++) {
      long start = System.nanoTime();
      List<SourceFile> files = new CsvPathSource(directory).files();
      CsvFileParser parser = new CsvFileParser(new FieldParser(Clock.systemUTC()), List.of());
      CopyText copyText = new CopyText(1);
      long bars = 0;
      long bytes = 0;
      for (SourceFile file : files) {
        ParsedFile parsed = parser.parse(file);
        copyText.startFile(parsed.name());
        for (PriceBar bar : parsed.bars()) {
          copyText.append(bar);
        }
        bars += parsed.bars().size();
        bytes += copyText.take().length;
      }
      System.out.printf(
          "round %d: %d files, %d bars, %d bytes of COPY text in %.3f s%n",
          round, files.size(), bars, bytes, (System.nanoTime() - start) / 1e9);
    }
  }
}
