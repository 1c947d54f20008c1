package io.stockpipe.db.embedded;

import io.stockpipe.errors.DatabaseUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command's use of the embedded server of a home, shared safely by every process on it.
 *
 * <p>Starting and stopping happen under {@code run/start.lock}, an exclusive file lock, so two
 * commands never start the server twice or stop it under each other. Every process that uses the
 * server holds a shared lock on {@code run/clients.lock} for as long as it does; the last one out
 * stops a server that was started for commands, and leaves one kept by {@code db start} ({@code
 * run/keep}) running. A process killed with -9 loses its locks with it, so a dead client never
 * keeps a server up, and the next command to finish stops it.
 *
 * <p>Thread-safe: leases of one home within one JVM share one shared file lock, counted.
 */
public final class ServerLease implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServerLease.class);
  private static final Duration START_LOCK_WAIT = Duration.ofSeconds(120);
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);
  private static final Map<Path, HomeState> HOMES = new ConcurrentHashMap<>();

  private final HomeState home;
  private final EmbeddedServer server;
  private boolean closed;

  private ServerLease(HomeState home, EmbeddedServer server) {
    this.home = home;
    this.server = server;
  }

  /**
   * Uses the server of {@code home} on {@code port}, starting it if none runs. {@code overrides}
   * apply only when this call starts it.
   */
  public static ServerLease acquire(
      Path home, int port, String databaseName, Map<String, String> overrides) {
    HomeState state = HOMES.computeIfAbsent(home.toAbsolutePath().normalize(), HomeState::new);
    synchronized (state) {
      EmbeddedServer server =
          state.underStartLock(
              () -> {
                ServerCredentials credentials = ServerCredentials.readOrCreate(state.home);
                Path data = dataDirectory(state.home);
                OptionalInt running = EmbeddedServer.runningPort(data);
                EmbeddedServer handle;
                if (running.isPresent() && EmbeddedServer.isReady(data)) {
                  if (running.getAsInt() != port) {
                    throw new DatabaseUnavailableException(
                        "the embedded server of "
                            + state.home
                            + " already runs on port "
                            + running.getAsInt()
                            + ", not "
                            + port
                            + "; use --db-port "
                            + running.getAsInt()
                            + " or stop it with './stockpipe db stop'",
                        null);
                  }
                  handle = EmbeddedServer.running(data, port, databaseName, credentials);
                } else {
                  handle =
                      EmbeddedServer.start(
                          data, port, databaseName, credentials, logFile(state.home), overrides);
                }
                state.join();
                return handle;
              });
      return new ServerLease(state, server);
    }
  }

  public EmbeddedServer server() {
    return server;
  }

  /** Ends this use; the last user of a server that nobody keeps stops it. */
  @Override
  public void close() {
    synchronized (home) {
      if (closed) {
        return;
      }
      closed = true;
      home.underStartLock(
          () -> {
            home.leave();
            if (home.users == 0 && !isKept(home.home) && home.noOtherProcessUses()) {
              EmbeddedServer.stop(dataDirectory(home.home), STOP_WAIT);
            }
            return null;
          });
    }
  }

  /** Marks the server of {@code home} as kept: it stays up after its last command. */
  public static void keep(Path home) {
    try {
      Files.createDirectories(runDirectory(home));
      Files.writeString(
          runDirectory(home).resolve("keep"),
          "kept by 'stockpipe db start' (pid " + ProcessHandle.current().pid() + ")\n");
    } catch (IOException e) {
      throw new DatabaseUnavailableException("cannot write " + runDirectory(home), e);
    }
  }

  public static boolean isKept(Path home) {
    return Files.exists(runDirectory(home).resolve("keep"));
  }

  /** The processes using the server of {@code home} now: "pid: command line", alive ones only. */
  public static List<String> clients(Path home) {
    Path clients = runDirectory(home).resolve("clients");
    List<String> alive = new ArrayList<>();
    if (!Files.isDirectory(clients)) {
      return alive;
    }
    try (Stream<Path> files = Files.list(clients)) {
      for (Path file : files.sorted().toList()) {
        try {
          long pid = Long.parseLong(file.getFileName().toString());
          if (pid != ProcessHandle.current().pid()
              && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            alive.add(pid + ": " + Files.readString(file, StandardCharsets.UTF_8).strip());
          }
        } catch (NumberFormatException | IOException e) {
          // a file being written or removed right now: not a client to name
        }
      }
    } catch (IOException e) {
      log.warn("cannot list {}: {}", clients, e.getMessage());
    }
    return alive;
  }

  /**
   * Stops the server of {@code home} and forgets {@code db start}'s keep mark. Unless {@code
   * force}, refuses while other processes use it and names them. Returns false if none ran.
   */
  public static boolean stop(Path home, boolean force) {
    HomeState state = HOMES.computeIfAbsent(home.toAbsolutePath().normalize(), HomeState::new);
    synchronized (state) {
      return state.underStartLock(
          () -> {
            if (!force && (state.users > 0 || !state.noOtherProcessUses())) {
              List<String> users = clients(state.home);
              throw new ServerInUseException(
                  "the embedded server is in use by "
                      + (users.isEmpty() ? "another command" : String.join("; ", users))
                      + ". Wait for it to finish, or stop the server anyway with"
                      + " 'stockpipe db stop --force' (their transactions roll back).");
            }
            try {
              Files.deleteIfExists(runDirectory(state.home).resolve("keep"));
            } catch (IOException e) {
              log.warn("cannot remove the keep mark: {}", e.getMessage());
            }
            return EmbeddedServer.stop(dataDirectory(state.home), STOP_WAIT);
          });
    }
  }

  public static Path dataDirectory(Path home) {
    return home.resolve("pgdata");
  }

  static Path runDirectory(Path home) {
    return home.resolve("run");
  }

  static Path logFile(Path home) {
    return home.resolve("logs").resolve("postgres.log");
  }

  /** Refused because other commands use the server: a usage error, to retry later or force. */
  public static final class ServerInUseException extends DatabaseUnavailableException {
    private static final long serialVersionUID = 1L;

    ServerInUseException(String message) {
      super(message, null);
    }
  }

  /** What one JVM knows of a home: its users here and the shared lock they hold together. */
  private static final class HomeState {
    private final Path home;
    private int users;
    private FileChannel clientsChannel;
    private FileLock clientsLock;

    HomeState(Path home) {
      this.home = home;
    }

    /** Runs {@code work} holding {@code run/start.lock}; the caller holds this object's monitor. */
    <T> T underStartLock(Supplier<T> work) {
      Path lockPath = runDirectory(home).resolve("start.lock");
      try {
        Files.createDirectories(runDirectory(home).resolve("clients"));
        try (FileChannel channel =
            FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
          long deadline = System.nanoTime() + START_LOCK_WAIT.toNanos();
          FileLock lock;
          while ((lock = channel.tryLock()) == null) {
            if (System.nanoTime() > deadline) {
              throw new DatabaseUnavailableException(
                  "another stockpipe command has been starting or stopping the embedded server"
                      + " of "
                      + home
                      + " for "
                      + START_LOCK_WAIT.toSeconds()
                      + " s; see "
                      + logFile(home)
                      + " and try again",
                  null);
            }
            Thread.sleep(50);
          }
          try (FileLock ignored = lock) {
            return work.get();
          }
        }
      } catch (IOException e) {
        throw new DatabaseUnavailableException(
            "cannot lock " + lockPath + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DatabaseUnavailableException("interrupted while waiting for " + lockPath, e);
      }
    }

    /** One more user in this JVM; the first takes the shared lock and names the process. */
    void join() {
      if (users == 0) {
        try {
          clientsChannel =
              FileChannel.open(
                  runDirectory(home).resolve("clients.lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE);
          clientsLock = clientsChannel.lock(0, Long.MAX_VALUE, true);
          String command =
              ProcessHandle.current().info().commandLine().orElse("a stockpipe command");
          Files.writeString(
              clientFile(),
              command.length() > 300 ? command.substring(0, 300) + "..." : command,
              StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new DatabaseUnavailableException(
              "cannot register with the embedded server of " + home + ": " + e.getMessage(), e);
        }
      }
      users++;
    }

    void leave() {
      users--;
      if (users == 0) {
        try {
          clientsLock.release();
          clientsChannel.close();
          Files.deleteIfExists(clientFile());
        } catch (IOException e) {
          log.warn("cannot release the embedded server of {}: {}", home, e.getMessage());
        }
        clientsLock = null;
        clientsChannel = null;
      }
    }

    /** True when no other process holds the shared lock (this JVM's own is released first). */
    boolean noOtherProcessUses() {
      if (users > 0) {
        return false;
      }
      try (FileChannel channel =
          FileChannel.open(
              runDirectory(home).resolve("clients.lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE)) {
        FileLock exclusive = channel.tryLock();
        if (exclusive == null) {
          return false;
        }
        exclusive.release();
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    private Path clientFile() {
      return runDirectory(home)
          .resolve("clients")
          .resolve(Long.toString(ProcessHandle.current().pid()));
    }
  }
}
