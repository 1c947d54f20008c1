package io.stockpipe.db.embedded;

import io.stockpipe.errors.DatabaseUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded server's passwords, generated at its first start and kept in {@code
 * $STOCKPIPE_HOME/pgpass}, mode 0600, in libpq's pgpass format, so that {@code PGPASSFILE=…/pgpass
 * psql -h localhost …} connects without a prompt. A value: immutable and thread-safe.
 *
 * @param file the pgpass file
 * @param passwords login name to password
 */
public record ServerCredentials(Path file, Map<String, String> passwords) {
  /** The superuser, the embedded cluster's owner: migrations and every batch step. */
  public static final String SUPERUSER = "postgres";

  /** The login that {@code query --read-only} runs as: SELECT on the pipeline's tables only. */
  public static final String READER = "stockpipe_reader";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  public ServerCredentials {
    passwords = Map.copyOf(passwords);
  }

  /** The file under {@code home}. */
  public static Path fileIn(Path home) {
    return home.resolve("pgpass");
  }

  /** Reads the passwords of {@code home}'s server, if it has been given any yet. */
  public static Optional<ServerCredentials> read(Path home) {
    Path file = fileIn(home);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Map<String, String> passwords = new LinkedHashMap<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        // host:port:database:user:password; our passwords and names never hold ':' or '\'.
        String[] fields = line.split(":", 5);
        if (fields.length == 5) {
          passwords.putIfAbsent(fields[3], fields[4]);
        }
      }
      return passwords.containsKey(SUPERUSER)
          ? Optional.of(new ServerCredentials(file, passwords))
          : Optional.empty();
    } catch (IOException e) {
      throw new DatabaseUnavailableException(
          "cannot read the embedded server's passwords in " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads {@code home}'s passwords, generating and saving them first if there are none. */
  public static ServerCredentials readOrCreate(Path home) {
    return read(home).orElseGet(() -> create(home));
  }

  private static ServerCredentials create(Path home) {
    Map<String, String> passwords = new LinkedHashMap<>();
    passwords.put(SUPERUSER, generatePassword());
    passwords.put(READER, generatePassword());
    ServerCredentials credentials = new ServerCredentials(fileIn(home), passwords);
    credentials.save();
    return credentials;
  }

  public String superuserPassword() {
    return passwords.get(SUPERUSER);
  }

  public String readerPassword() {
    return passwords.get(READER);
  }

  /** Writes the file atomically, never readable by anyone but its owner. */
  private void save() {
    StringBuilder text =
        new StringBuilder(
            "# stockpipe: passwords of the embedded PostgreSQL under this directory (pgpass"
                + " format).\n# Use: PGPASSFILE="
                + file
                + " psql -h localhost -p PORT -U postgres stockpipe\n");
    passwords.forEach(
        (user, password) -> text.append("localhost:*:*:").append(user + ":" + password + "\n"));
    try {
      Files.createDirectories(file.getParent());
      Path staging = file.resolveSibling(file.getFileName() + ".new");
      Files.deleteIfExists(staging);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(staging, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createFile(staging);
      }
      Files.writeString(staging, text, StandardCharsets.UTF_8);
      try {
        Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staging, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new DatabaseUnavailableException(
          "cannot write the embedded server's passwords to " + file + ": " + e.getMessage(), e);
    }
  }

  /** A temporary file holding just the superuser's password, for initdb's --pwfile. */
  Path writePasswordFileForInitdb(Path directory) throws IOException {
    Path pwfile = Files.createTempFile(directory, "initdb-", ".pw");
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(pwfile, OWNER_ONLY);
    }
    Files.write(pwfile, List.of(superuserPassword()), StandardCharsets.UTF_8);
    return pwfile;
  }

  private static String generatePassword() {
    StringBuilder password = new StringBuilder(32);
    for (int i = 0; i < 32; i++) {
      password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }

  @Override
  public String toString() {
    return "ServerCredentials[file=" + file + ", users=" + passwords.keySet() + ", passwords=***]";
  }
}
