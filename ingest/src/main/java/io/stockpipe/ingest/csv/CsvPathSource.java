package io.stockpipe.ingest.csv;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.ingest.PriceSource;
import io.stockpipe.ingest.SourceFile;
import io.stockpipe.ingest.validation.RejectRule;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A CSV file, or a directory of them (not recursive; {@code .csv} and {@code .txt}), in name order.
 * A file's ticker is its name without the extension, upper-cased: {@code brk.b.csv} is BRK.B.
 *
 * <p>Symbolic links: whoever can write into a source directory must not make ingest read other
 * files (a link {@code EVIL.csv -> /etc/passwd} would put its first line into {@code
 * ingest_reject}). So a link whose target lies outside the source directory (the directory of a
 * single-file source) is refused as {@link RejectRule#FILE_LINK_OUTSIDE_SOURCE} and never opened,
 * unless {@code followLinks}. A link to a file inside the directory is read under the link's name:
 * that file could be ingested anyway. Files are opened without following a link, so one swapped in
 * after the listing is not followed either.
 */
public final class CsvPathSource implements PriceSource {
  private final Path path;
  private final boolean followLinks;

  /** A source that refuses links leading out of its directory. */
  public CsvPathSource(Path path) {
    this(path, false);
  }

  /**
   * @param path a CSV file or a directory of them
   * @param followLinks read links that lead out of the source directory too
   */
  public CsvPathSource(Path path, boolean followLinks) {
    if (!Files.exists(path)) {
      throw new BadInputException("source " + path + " does not exist");
    }
    this.path = path.toAbsolutePath().normalize();
    this.followLinks = followLinks;
  }

  @Override
  public String describe() {
    return "csv:" + path;
  }

  @Override
  public List<SourceFile> files() {
    try {
      if (!Files.isDirectory(path)) {
        SourceFile file = file(path, path.getParent().toRealPath());
        return List.of(file == null ? new CsvFile(path, path) : file);
      }
      Path directory = path.toRealPath();
      List<SourceFile> files = new ArrayList<>();
      try (Stream<Path> entries = Files.list(path)) {
        for (Path entry : entries.filter(CsvPathSource::looksLikeCsv).sorted().toList()) {
          SourceFile file = file(entry, directory);
          if (file != null) {
            files.add(file);
          }
        }
      }
      if (files.isEmpty()) {
        throw new BadInputException("directory " + path + " holds no .csv or .txt files");
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }

  /** The file to read for {@code entry}, a refusal, or null for what is not a file. */
  private SourceFile file(Path entry, Path directory) throws IOException {
    if (!Files.isSymbolicLink(entry)) {
      return Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)
          ? new CsvFile(entry, entry)
          : null;
    }
    String link = entry.getFileName().toString();
    Path target = directory.resolve(Files.readSymbolicLink(entry)).normalize();
    Path realTarget = null;
    String unresolved = null;
    try {
      realTarget = entry.toRealPath();
    } catch (NoSuchFileException e) {
      unresolved = "which does not exist";
    } catch (IOException e) {
      unresolved = "which cannot be resolved: " + e;
    }
    Path leadsTo = realTarget == null ? target : realTarget;
    if (!followLinks && !leadsTo.startsWith(directory)) {
      return new RefusedFile(
          entry,
          RejectRule.FILE_LINK_OUTSIDE_SOURCE,
          link
              + " is a symbolic link to "
              + leadsTo
              + ", outside the source directory "
              + directory
              + "; not read (ingest --follow-links would read it)");
    }
    if (realTarget == null) {
      return new RefusedFile(
          entry,
          RejectRule.FILE_UNREADABLE,
          link + " is a symbolic link to " + target + ", " + unresolved);
    }
    return Files.isRegularFile(realTarget, LinkOption.NOFOLLOW_LINKS)
        ? new CsvFile(entry, realTarget)
        : null;
  }

  private static boolean looksLikeCsv(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".csv") || name.endsWith(".txt");
  }

  private static String symbolOf(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return (dot > 0 ? name.substring(0, dot) : name).toUpperCase(Locale.ROOT);
  }

  /**
   * @param file the name it was listed under (a link's own name), as rejects report it
   * @param contents what is opened: the file itself, or a link's resolved target
   */
  private record CsvFile(Path file, Path contents) implements SourceFile {
    @Override
    public String name() {
      return file.toString();
    }

    @Override
    public String symbolFromName() {
      return symbolOf(file);
    }

    @Override
    public Reader open() throws IOException {
      return new StrictUtf8Reader(Files.newInputStream(contents, LinkOption.NOFOLLOW_LINKS));
    }
  }

  /** A file refused whole without being opened. */
  private record RefusedFile(Path file, RejectRule rule, String reason) implements SourceFile {
    @Override
    public String name() {
      return file.toString();
    }

    @Override
    public String symbolFromName() {
      return symbolOf(file);
    }

    @Override
    public Reader open() throws IOException {
      throw new FileRefusedException(rule, reason);
    }
  }
}
