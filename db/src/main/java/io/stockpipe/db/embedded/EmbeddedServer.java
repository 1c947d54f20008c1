package io.stockpipe.db.embedded;

import io.stockpipe.errors.DatabaseUnavailableException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL 17 server (zonky's binaries) on a persistent data directory.
 *
 * <p>Started {@linkplain #startForThisProcess in-process} it stops with the process. Started
 * {@linkplain #startDetached detached} it keeps running after the JVM exits, until {@link
 * #stopRunning} — this is what lets analysts point psql or a BI tool at it.
 */
public final class EmbeddedServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  /**
   * PostgreSQL's defaults (128 MB of buffers, 1 GB of WAL between checkpoints) are sized for a
   * shared server; this one serves one pipeline. With them, loading 5.6M bars ran at a seventh of
   * the speed of 0.56M once price_bar's index outgrew the buffers.
   */
  private static final Map<String, String> DEFAULT_SERVER_CONFIG =
      Map.of("shared_buffers", "1GB", "max_wal_size", "8GB", "checkpoint_timeout", "15min");

  private final EmbeddedPostgres postgres;
  private final String jdbcUrl;

  private EmbeddedServer(EmbeddedPostgres postgres, String jdbcUrl) {
    this.postgres = postgres;
    this.jdbcUrl = jdbcUrl;
  }

  /** Starts a server that stops when {@link #close()} is called or the JVM exits. */
  public static EmbeddedServer startForThisProcess(
      Path dataDirectory, int port, String databaseName, Map<String, String> serverConfig) {
    return start(dataDirectory, port, databaseName, serverConfig, true, null);
  }

  /**
   * Starts a server that outlives this JVM; its output goes to {@code logFile}. Stop it with {@link
   * #stopRunning(Path)}.
   */
  public static String startDetached(
      Path dataDirectory, int port, String databaseName, Path logFile) {
    EmbeddedServer server = start(dataDirectory, port, databaseName, Map.of(), false, logFile);
    return server.jdbcUrl;
  }

  private static EmbeddedServer start(
      Path dataDirectory,
      int port,
      String databaseName,
      Map<String, String> serverConfig,
      boolean stopWithJvm,
      Path logFile) {
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setPGStartupWait(STARTUP_WAIT)
              .setRegisterShutdownHook(stopWithJvm)
              .setLocaleConfig("encoding", "UTF8")
              .setServerConfig("listen_addresses", "localhost");
      DEFAULT_SERVER_CONFIG.forEach(builder::setServerConfig);
      serverConfig.forEach(builder::setServerConfig);
      if (logFile != null) {
        Files.createDirectories(logFile.getParent());
        ProcessBuilder.Redirect redirect = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        builder.setOutputRedirector(redirect).setErrorRedirector(redirect);
      }
      EmbeddedPostgres postgres = builder.start();
      createDatabaseIfMissing(postgres, databaseName);
      String url = postgres.getJdbcUrl("postgres", databaseName);
      log.info("embedded PostgreSQL on port {} with data in {}", port, dataDirectory);
      return new EmbeddedServer(postgres, url);
    } catch (IOException | SQLException | RuntimeException e) {
      throw new DatabaseUnavailableException(
          "could not start the embedded PostgreSQL on port "
              + port
              + " with data in "
              + dataDirectory
              + ": "
              + rootMessage(e)
              + ". If another process is using that port or data directory, stop it"
              + " or share it with 'stockpipe db start'.",
          e);
    }
  }

  private static void createDatabaseIfMissing(EmbeddedPostgres postgres, String databaseName)
      throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
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

  public String jdbcUrl() {
    return jdbcUrl;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly", e);
    }
  }

  /** True when a PostgreSQL server accepts connections on localhost at {@code jdbcUrl}. */
  public static boolean isAnswering(String jdbcUrl, String user) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("connectTimeout", "2");
    properties.setProperty("loginTimeout", "3");
    try (Connection ignored = DriverManager.getConnection(jdbcUrl, properties)) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** The postmaster's process id, read from the data directory's lock file, if it is alive. */
  public static Optional<Long> runningPid(Path dataDirectory) {
    Path lockFile = dataDirectory.resolve("postmaster.pid");
    try {
      if (!Files.isRegularFile(lockFile)) {
        return Optional.empty();
      }
      String firstLine = Files.readAllLines(lockFile).get(0).trim();
      long pid = Long.parseLong(firstLine);
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Stops the server that owns {@code dataDirectory} with PostgreSQL's fast shutdown (SIGINT: open
   * transactions roll back, clients are disconnected). Returns false if none was running.
   */
  public static boolean stopRunning(Path dataDirectory, Duration timeout) {
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
        Thread.sleep(100);
      }
      if (handle != null && handle.isAlive()) {
        throw new DatabaseUnavailableException(
            "embedded PostgreSQL (pid " + pid.get() + ") did not stop within " + timeout, null);
      }
      return true;
    } catch (IOException e) {
      throw new DatabaseUnavailableException("could not signal PostgreSQL pid " + pid.get(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseUnavailableException("interrupted while stopping PostgreSQL", e);
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
