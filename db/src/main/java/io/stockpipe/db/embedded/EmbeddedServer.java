package io.stockpipe.db.embedded;

import io.stockpipe.errors.DatabaseUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL 17 server on a persistent data directory, run with {@code initdb} and
 * {@code pg_ctl} from zonky's binaries. It is a durable server: fsync, synchronous commit and full
 * page writes are on (zonky's own start-up turns fsync off, which loses acknowledged commits when
 * the machine stops), and every login needs a password (scram-sha-256) from {@link
 * ServerCredentials}.
 *
 * <p>{@code pg_ctl} detaches the postmaster into its own session, so the server outlives the JVM
 * that started it until {@link #stop} (or {@link #close()} for the handle's owner). Which command
 * stops a shared server is {@link ServerLease}'s business. The static methods are thread-safe; they
 * do not coordinate with each other (that is {@link ServerLease}'s start-up lock).
 */
public final class EmbeddedServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  /** What keeps a committed transaction committed through a crash; never weakened by default. */
  public static final Map<String, String> DURABILITY =
      Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on");

  /**
   * PostgreSQL's defaults (128 MB of buffers, 1 GB of WAL between checkpoints) are sized for a
   * shared server; this one serves one pipeline. With them, loading 5.6M bars ran at a seventh of
   * the speed of 0.56M once price_bar's index outgrew the buffers.
   */
  private static final Map<String, String> SIZING =
      Map.of("shared_buffers", "1GB", "max_wal_size", "8GB", "checkpoint_timeout", "15min");

  private final Path dataDirectory;
  private final int port;
  private final String databaseName;
  private final ServerCredentials credentials;

  private EmbeddedServer(
      Path dataDirectory, int port, String databaseName, ServerCredentials credentials) {
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.databaseName = databaseName;
    this.credentials = credentials;
  }

  /**
   * Initialises {@code dataDirectory} if it is new, starts the server on localhost:{@code port} and
   * creates {@code databaseName} if missing. {@code overrides} replace settings of the server's
   * configuration: tests use it, in one place, to turn durability off for speed.
   */
  public static EmbeddedServer start(
      Path dataDirectory,
      int port,
      String databaseName,
      ServerCredentials credentials,
      Path logFile,
      Map<String, String> overrides) {
    try {
      boolean legacyTrust = initialiseIfNew(dataDirectory, credentials);
      requirePortFree(port, dataDirectory);
      Files.createDirectories(logFile.getParent());
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("listen_addresses", "localhost");
      settings.put("port", Integer.toString(port));
      settings.put("password_encryption", "scram-sha-256");
      settings.putAll(SIZING);
      settings.putAll(DURABILITY);
      settings.putAll(overrides);
      List<String> options = new ArrayList<>();
      settings.forEach((key, value) -> options.add("-c " + key + "=" + value));
      int exit =
          run(
              logFile,
              PostgresBinaries.binary("pg_ctl").toString(),
              "-D",
              dataDirectory.toString(),
              "-l",
              logFile.toString(),
              "-w",
              "-t",
              Long.toString(STARTUP_WAIT.toSeconds()),
              "-o",
              String.join(" ", options),
              "start");
      if (exit != 0) {
        throw new IOException(startFailure(logFile, port));
      }
      EmbeddedServer server = new EmbeddedServer(dataDirectory, port, databaseName, credentials);
      if (legacyTrust) {
        server.requirePasswords();
      }
      server.createDatabaseIfMissing();
      log.info("embedded PostgreSQL on port {} with data in {}", port, dataDirectory);
      return server;
    } catch (IOException | SQLException e) {
      throw new DatabaseUnavailableException(
          "could not start the embedded PostgreSQL on port "
              + port
              + " with data in "
              + dataDirectory
              + ": "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseUnavailableException("interrupted while starting PostgreSQL", e);
    }
  }

  /** The handle of a server already running on {@code dataDirectory}, started by anyone. */
  static EmbeddedServer running(
      Path dataDirectory, int port, String databaseName, ServerCredentials credentials) {
    return new EmbeddedServer(dataDirectory, port, databaseName, credentials);
  }

  /**
   * Runs initdb with scram-sha-256 for every connection and the superuser's password. Returns true
   * for a data directory made before passwords were required (trust for every local connection),
   * whose superuser needs its password set once the server is up.
   */
  private static boolean initialiseIfNew(Path dataDirectory, ServerCredentials credentials)
      throws IOException, InterruptedException {
    if (Files.exists(dataDirectory.resolve("PG_VERSION"))) {
      Path hba = dataDirectory.resolve("pg_hba.conf");
      return Files.exists(hba)
          && Files.readAllLines(hba).stream()
              .map(String::strip)
              .anyMatch(line -> !line.startsWith("#") && line.matches(".*\\strust$"));
    }
    Files.createDirectories(dataDirectory.getParent());
    Path pwfile = credentials.writePasswordFileForInitdb(dataDirectory.getParent());
    Path initLog = dataDirectory.resolveSibling("initdb.log");
    try {
      int exit =
          run(
              initLog,
              PostgresBinaries.binary("initdb").toString(),
              "-D",
              dataDirectory.toString(),
              "-U",
              ServerCredentials.SUPERUSER,
              "--auth=scram-sha-256",
              "--pwfile=" + pwfile,
              "--encoding=UTF8",
              "--locale=C");
      if (exit != 0) {
        List<String> output = Files.readAllLines(initLog, StandardCharsets.UTF_8);
        throw new IOException(
            "initdb failed ("
                + (output.isEmpty() ? "no output" : output.get(output.size() - 1).strip())
                + "); its output is in "
                + initLog);
      }
      Files.deleteIfExists(initLog);
      return false;
    } finally {
      Files.deleteIfExists(pwfile);
    }
  }

  /** Gives a trusting legacy cluster its superuser password, then requires passwords. */
  private void requirePasswords() throws SQLException, IOException {
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute(
          "ALTER ROLE " + ServerCredentials.SUPERUSER + " PASSWORD '" + superuserPassword() + "'");
      Files.writeString(
          dataDirectory.resolve("pg_hba.conf"),
          "# stockpipe: every login needs a password (scram-sha-256); see pgpass beside pgdata\n"
              + "local   all  all                scram-sha-256\n"
              + "host    all  all  127.0.0.1/32  scram-sha-256\n"
              + "host    all  all  ::1/128       scram-sha-256\n",
          StandardCharsets.UTF_8);
      statement.execute("SELECT pg_reload_conf()");
      log.warn(
          "the embedded server in {} trusted local logins; it now needs passwords", dataDirectory);
    }
  }

  private void createDatabaseIfMissing() throws SQLException {
    try (Connection connection = connect("postgres");
        PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, databaseName);
      try (ResultSet rows = exists.executeQuery()) {
        if (rows.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE DATABASE \"" + databaseName.replace("\"", "\"\"") + "\"");
      }
    }
  }

  /**
   * A superuser connection; a legacy cluster that still trusts local logins ignores the password.
   */
  private Connection connect(String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", ServerCredentials.SUPERUSER);
    properties.setProperty("password", credentials.superuserPassword());
    properties.setProperty("ApplicationName", "stockpipe");
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/" + database, properties);
  }

  /** A port that something else listens on, named with the cause, before pg_ctl tries it. */
  private static void requirePortFree(int port, Path dataDirectory) throws IOException {
    try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      // Free: PostgreSQL binds it next.
    } catch (IOException e) {
      throw new IOException(
          "port "
              + port
              + " on localhost is already in use by another process (not the server of "
              + dataDirectory
              + "). Stop that process, or give stockpipe another port with STOCKPIPE_DB_PORT"
              + " or --db-port",
          e);
    }
  }

  private static String startFailure(Path logFile, int port) {
    List<String> problems = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      for (String line : lines.subList(Math.max(0, lines.size() - 40), lines.size())) {
        if (line.contains("FATAL") || line.contains("ERROR")) {
          problems.add(line.strip());
        }
      }
    } catch (IOException e) {
      problems.add("(could not read " + logFile + ": " + e.getMessage() + ")");
    }
    String found = problems.isEmpty() ? "" : problems.get(problems.size() - 1);
    if (found.contains("Address already in use")) {
      return "port "
          + port
          + " on localhost is already in use by another process ("
          + found
          + "). Stop it, or choose another port with STOCKPIPE_DB_PORT or --db-port";
    }
    return "pg_ctl could not start the server"
        + (found.isEmpty() ? "" : ": " + found)
        + "; see "
        + logFile;
  }

  private static int run(Path logFile, String... command) throws IOException, InterruptedException {
    Files.createDirectories(logFile.getParent());
    ProcessBuilder.Redirect redirect = ProcessBuilder.Redirect.appendTo(logFile.toFile());
    List<String> line = new ArrayList<>(RootNamespace.prefix());
    line.addAll(List.of(command));
    Process process =
        new ProcessBuilder(line)
            .redirectErrorStream(true)
            .redirectOutput(redirect)
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    process.getOutputStream().close();
    if (!process.waitFor(STARTUP_WAIT.toSeconds() + 30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command[0] + " did not finish within " + STARTUP_WAIT);
    }
    return process.exitValue();
  }

  public int port() {
    return port;
  }

  public String superuserPassword() {
    return credentials.superuserPassword();
  }

  public ServerCredentials credentials() {
    return credentials;
  }

  /** The JDBC URL of the database, without credentials. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/" + databaseName;
  }

  /** Stops the server (fast shutdown). For a handle's owner: tests and {@link ServerLease}. */
  @Override
  public void close() {
    stop(dataDirectory, STARTUP_WAIT);
  }

  /** The postmaster's process id, read from the data directory's lock file, if it is alive. */
  public static Optional<Long> runningPid(Path dataDirectory) {
    return postmasterLine(dataDirectory, 0)
        .flatMap(
            text -> {
              try {
                return ProcessHandle.of(Long.parseLong(text))
                    .filter(ProcessHandle::isAlive)
                    .map(ProcessHandle::pid);
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  /** The port of the server running on {@code dataDirectory}, if one runs. */
  public static OptionalInt runningPort(Path dataDirectory) {
    if (runningPid(dataDirectory).isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      return postmasterLine(dataDirectory, 3)
          .map(text -> OptionalInt.of(Integer.parseInt(text)))
          .orElse(OptionalInt.empty());
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /** True when the postmaster of {@code dataDirectory} is alive and says it accepts connections. */
  public static boolean isReady(Path dataDirectory) {
    return runningPid(dataDirectory).isPresent()
        && postmasterLine(dataDirectory, 7).map("ready"::equals).orElse(false);
  }

  private static Optional<String> postmasterLine(Path dataDirectory, int index) {
    Path lockFile = dataDirectory.resolve("postmaster.pid");
    try {
      if (!Files.isRegularFile(lockFile)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(lockFile);
      return lines.size() > index ? Optional.of(lines.get(index).strip()) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Stops the server that owns {@code dataDirectory} with PostgreSQL's fast shutdown (open
   * transactions roll back, clients are disconnected). Returns false if none was running.
   */
  public static boolean stop(Path dataDirectory, Duration timeout) {
    Optional<Long> pid = runningPid(dataDirectory);
    if (pid.isEmpty()) {
      return false;
    }
    try {
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid.get())).start();
      kill.waitFor();
      ProcessHandle handle = ProcessHandle.of(pid.get()).orElse(null);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (handle != null && handle.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      if (handle != null && handle.isAlive()) {
        throw new DatabaseUnavailableException(
            "embedded PostgreSQL (pid " + pid.get() + ") did not stop within " + timeout, null);
      }
      log.info("stopped the embedded PostgreSQL in {}", dataDirectory);
      return true;
    } catch (IOException e) {
      throw new DatabaseUnavailableException("could not signal PostgreSQL pid " + pid.get(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseUnavailableException("interrupted while stopping PostgreSQL", e);
    }
  }
}
