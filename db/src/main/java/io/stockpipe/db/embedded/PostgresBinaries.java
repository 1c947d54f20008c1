package io.stockpipe.db.embedded;

import io.stockpipe.errors.DatabaseUnavailableException;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL 17 binaries that zonky's binaries jar ships, unpacked once per machine user into
 * {@code ~/.cache/stockpipe/postgres-<digest>}. Only the binaries come from zonky: its server
 * start-up is made for throw-away test databases (fsync off, trust authentication), so {@link
 * EmbeddedServer} runs {@code initdb} and {@code pg_ctl} itself. Thread-safe; several processes
 * unpacking at once agree through a file lock.
 */
final class PostgresBinaries {
  private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
  private static final String COMPLETE_MARKER = ".complete";
  private static final Map<String, Path> UNPACKED = new ConcurrentHashMap<>();

  private PostgresBinaries() {}

  /** The directory holding {@code bin/initdb}, {@code bin/pg_ctl}, {@code bin/postgres}. */
  static Path directory() {
    return UNPACKED.computeIfAbsent("default", ignored -> unpack());
  }

  static Path binary(String name) {
    return directory().resolve("bin").resolve(name);
  }

  private static Path unpack() {
    try {
      byte[] archive = readArchive();
      String digest = HexFormat.of().formatHex(sha256(archive)).substring(0, 16);
      Path cache = cacheRoot();
      Path target = cache.resolve("postgres-" + digest);
      if (Files.exists(target.resolve(COMPLETE_MARKER))) {
        return target;
      }
      Files.createDirectories(cache);
      try (FileChannel lockChannel =
              FileChannel.open(
                  cache.resolve("postgres-" + digest + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock ignored = lockChannel.lock()) {
        if (Files.exists(target.resolve(COMPLETE_MARKER))) {
          return target;
        }
        Path staging = Files.createTempDirectory(cache, "postgres-unpacking-");
        extract(archive, staging);
        Files.createFile(staging.resolve(COMPLETE_MARKER));
        deleteRecursively(target);
        try {
          Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(staging, target);
        }
        log.info("unpacked the PostgreSQL binaries into {}", target);
        return target;
      }
    } catch (IOException e) {
      throw new DatabaseUnavailableException(
          "could not unpack the embedded PostgreSQL binaries into "
              + cacheRoot()
              + ": "
              + e.getMessage()
              + ". Check that the directory is writable (or set XDG_CACHE_HOME).",
          e);
    }
  }

  private static byte[] readArchive() throws IOException {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String system = os.contains("mac") ? "Darwin" : os.contains("win") ? "Windows" : "Linux";
    String arch = System.getProperty("os.arch");
    String machine = "amd64".equals(arch) ? "x86_64" : arch;
    try (InputStream stream = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machine)) {
      if (stream == null) {
        throw new IOException("no PostgreSQL binaries for " + system + " " + machine);
      }
      return stream.readAllBytes();
    }
  }

  private static void extract(byte[] archive, Path target) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = target.resolve(entry.getName()).normalize();
        if (!path.startsWith(target)) {
          throw new IOException("archive entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else if (entry.isSymbolicLink() || entry.isLink()) {
          Files.createDirectories(path.getParent());
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(path.getParent());
          try (OutputStream out = Files.newOutputStream(path)) {
            tar.transferTo(out);
          }
          if ((entry.getMode() & 0100) != 0 || entry.getName().matches("(\\./)?bin/.*")) {
            path.toFile().setExecutable(true, false);
          }
        }
      }
    }
  }

  private static Path cacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("stockpipe");
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    }
  }
}
