package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.db.Migrations;
import io.stockpipe.db.runs.RunLock;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.DatabaseUnavailableException;
import io.stockpipe.errors.PipelineException;
import io.stockpipe.scheduler.config.ConfigFile;
import io.stockpipe.scheduler.config.LoadedConfig;
import io.stockpipe.scheduler.config.StockpipeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the database is, and the configuration file: flags win over {@code STOCKPIPE_*} environment
 * variables, which win over the file. Every command has these options; the file is read once per
 * command, at the first use. Not thread-safe: one instance serves one command line.
 */
public final class DatabaseOptions {
  static final String CONFIG_VARIABLE = "STOCKPIPE_CONFIG";

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "settings file: the nightly's sources, schedule and retrain policy, and database and"
              + " Spark settings under the variables and flags (env "
              + CONFIG_VARIABLE
              + ", default $STOCKPIPE_HOME/"
              + ConfigFile.FILE_NAME
              + ", if there)")
  Path configPath;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description =
          "stockpipe's directory: embedded database, logs, demo data (env STOCKPIPE_HOME,"
              + " default ~/.stockpipe)")
  Path home;

  @Option(
      names = "--db-url",
      paramLabel = "JDBC_URL",
      description =
          "external PostgreSQL, e.g. jdbc:postgresql://host:5432/stockpipe"
              + " (env STOCKPIPE_DB_URL; default: the embedded server)")
  String url;

  @Option(names = "--db-user", paramLabel = "USER", description = "env STOCKPIPE_DB_USER")
  String user;

  @Option(
      names = "--db-password",
      paramLabel = "PASSWORD",
      description = "env STOCKPIPE_DB_PASSWORD (prefer the variable: flags show in ps)")
  String password;

  @Option(
      names = "--db-port",
      paramLabel = "PORT",
      description =
          "port of the embedded server on localhost (env STOCKPIPE_DB_PORT, default "
              + DatabaseConfig.DEFAULT_EMBEDDED_PORT
              + ")")
  Integer port;

  /** The environment, read once: where the {@code STOCKPIPE_*} variables come from. */
  static final Map<String, String> ENVIRONMENT = System.getenv();

  private final Map<String, String> environment;
  private LoadedConfig loaded;

  public DatabaseOptions() {
    this(ENVIRONMENT);
  }

  /** Options that read {@code environment} instead of the process's: for tests. */
  DatabaseOptions(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * The configuration file and what it says, read at the first call. A file named by {@code
   * --config} or {@code STOCKPIPE_CONFIG} must exist; the default one in the home may be absent,
   * and then every setting has its default.
   */
  public LoadedConfig loadedConfig() {
    if (loaded == null) {
      String fromEnvironment = environment.get(CONFIG_VARIABLE);
      Path named =
          configPath != null
              ? configPath
              : fromEnvironment == null || fromEnvironment.isBlank()
                  ? null
                  : Path.of(fromEnvironment.strip());
      if (named != null) {
        Path file = named.toAbsolutePath().normalize();
        if (!Files.exists(file)) {
          throw new BadInputException(
              "config file "
                  + file
                  + " does not exist (named by "
                  + (configPath != null ? "--config" : CONFIG_VARIABLE)
                  + ")");
        }
        loaded = new LoadedConfig(file, true, ConfigFile.read(file));
      } else {
        // The file lives in the home, so the home cannot come from it: flags and variables only.
        Path resolvedHome =
            DatabaseConfig.resolve(environment, home, url, user, password, port).home();
        loaded = ConfigFile.readIfPresent(ConfigFile.defaultPath(resolvedHome));
      }
    }
    return loaded;
  }

  public StockpipeConfig stockpipeConfig() {
    return loadedConfig().config();
  }

  /** The environment with the file's settings under it, as the variables they stand in for. */
  Map<String, String> environment() {
    return stockpipeConfig().withEnvironment(environment);
  }

  public DatabaseConfig config() {
    return DatabaseConfig.resolve(environment(), home, url, user, password, port);
  }

  /**
   * Opens the database with its schema up to date. The embedded database is migrated on the fly; an
   * external one must be migrated on purpose ({@code stockpipe db migrate}), so that an operator
   * decides when a shared schema changes.
   */
  public Database openMigrated() {
    DatabaseConfig config = config();
    Database database = Database.open(config);
    try {
      if (config.isExternal()) {
        long pending = new Migrations(database.dataSource()).pendingCount();
        if (pending > 0) {
          throw new PipelineException(
              "the database at "
                  + DatabaseConfig.redact(config.externalUrl())
                  + " lacks "
                  + pending
                  + " schema migration(s); run 'stockpipe db migrate' first");
        }
      } else {
        database.migrate();
      }
      RunLock.abortDeadRuns(database.dataSource());
      return database;
    } catch (SQLException e) {
      database.close();
      throw new DatabaseUnavailableException(
          "cannot check for runs left by dead processes: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }
}
