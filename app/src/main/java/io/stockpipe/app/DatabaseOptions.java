package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.db.Migrations;
import io.stockpipe.db.runs.RunLock;
import io.stockpipe.errors.DatabaseUnavailableException;
import io.stockpipe.errors.PipelineException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the database is: flags that win over {@code STOCKPIPE_*} environment variables. */
public final class DatabaseOptions {
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

  public DatabaseConfig config() {
    return DatabaseConfig.resolve(ENVIRONMENT, home, url, user, password, port);
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
