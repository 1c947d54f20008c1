package io.stockpipe.ingest.csv;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.ingest.PriceSource;
import io.stockpipe.ingest.SourceFile;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A CSV file, or a directory of them (not recursive; {@code .csv} and {@code .txt}), in name order.
 * A file's ticker is its name without the extension, upper-cased: {@code brk.b.csv} is BRK.B.
 */
public final class CsvPathSource implements PriceSource {
  private final Path path;

  public CsvPathSource(Path path) {
    if (!Files.exists(path)) {
      throw new BadInputException("source " + path + " does not exist");
    }
    this.path = path.toAbsolutePath().normalize();
  }

  @Override
  public String describe() {
    return "csv:" + path;
  }

  @Override
  public List<SourceFile> files() {
    if (!Files.isDirectory(path)) {
      return List.of(new CsvFile(path));
    }
    try (Stream<Path> entries = Files.list(path)) {
      List<SourceFile> files =
          entries
              .filter(Files::isRegularFile)
              .filter(CsvPathSource::looksLikeCsv)
              .sorted()
              .<SourceFile>map(CsvFile::new)
              .toList();
      if (files.isEmpty()) {
        throw new BadInputException("directory " + path + " holds no .csv or .txt files");
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }

  private static boolean looksLikeCsv(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".csv") || name.endsWith(".txt");
  }

  private record CsvFile(Path file) implements SourceFile {
    @Override
    public String name() {
      return file.toString();
    }

    @Override
    public String symbolFromName() {
      String name = file.getFileName().toString();
      int dot = name.lastIndexOf('.');
      return (dot > 0 ? name.substring(0, dot) : name).toUpperCase(Locale.ROOT);
    }

    @Override
    public Reader open() throws IOException {
      // Malformed UTF-8 is an error (the file is not text), not silently replaced characters.
      return new java.io.BufferedReader(
          new java.io.InputStreamReader(
              Files.newInputStream(file),
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT)),
          1 << 16);
    }
  }
}
