package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.db.Migrations;
import io.stockpipe.db.embedded.EmbeddedServer;
import io.stockpipe.db.query.QueryResult;
import io.stockpipe.db.query.ResultFormatter;
import io.stockpipe.errors.BadInputException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stockpipe db start|stop|status|migrate|info}. */
@Command(
    name = "db",
    description = "Run the embedded PostgreSQL for psql and BI tools, and manage the schema.",
    mixinStandardHelpOptions = true,
    subcommands = {
      DbCommand.Start.class,
      DbCommand.Stop.class,
      DbCommand.Status.class,
      DbCommand.Migrate.class,
      DbCommand.Info.class
    })
public final class DbCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static String psqlCommand(DatabaseConfig config) {
    return "psql -h localhost -p "
        + config.embeddedPort()
        + " -U "
        + DatabaseConfig.EMBEDDED_USER
        + " "
        + DatabaseConfig.EMBEDDED_DATABASE;
  }

  private static void requireEmbedded(DatabaseConfig config, String what) {
    if (config.isExternal()) {
      throw new BadInputException(
          "'db "
              + what
              + "' manages the embedded server, but STOCKPIPE_DB_URL/--db-url points to "
              + config.externalUrl());
    }
  }

  @Command(
      name = "start",
      description = "Start the embedded PostgreSQL in the background and print how to reach it.")
  static final class Start implements Runnable {
    @Mixin DatabaseOptions options;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      DatabaseConfig config = options.config();
      requireEmbedded(config, "start");
      PrintWriter out = spec.commandLine().getOut();
      if (EmbeddedServer.isAnswering(config.embeddedUrl(), config.user())) {
        out.println("already running: " + config.embeddedUrl());
      } else {
        EmbeddedServer.startDetached(
            config.embeddedDataDirectory(),
            config.embeddedPort(),
            DatabaseConfig.EMBEDDED_DATABASE,
            config.logDirectory().resolve("postgres.log"));
        out.println("started: " + config.embeddedUrl());
      }
      try (Database database = options.openMigrated()) {
        out.println("schema version: " + new Migrations(database.dataSource()).currentVersion());
      }
      out.println("data:    " + config.embeddedDataDirectory());
      out.println("psql:    " + psqlCommand(config));
      out.println(
          "JDBC:    " + config.embeddedUrl() + "  (user postgres, no password, localhost only)");
      out.println("stop it: ./stockpipe db stop");
    }
  }

  @Command(name = "stop", description = "Stop the embedded PostgreSQL (fast shutdown).")
  static final class Stop implements Runnable {
    @Mixin DatabaseOptions options;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      DatabaseConfig config = options.config();
      requireEmbedded(config, "stop");
      boolean stopped =
          EmbeddedServer.stopRunning(config.embeddedDataDirectory(), Duration.ofSeconds(60));
      spec.commandLine().getOut().println(stopped ? "stopped" : "not running");
    }
  }

  @Command(name = "status", description = "Say whether the database is up, where, and its schema.")
  static final class Status implements Runnable {
    @Mixin DatabaseOptions options;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      DatabaseConfig config = options.config();
      PrintWriter out = spec.commandLine().getOut();
      out.println("config:  " + config);
      if (config.isExternal()) {
        try (Database database = Database.open(config)) {
          Migrations migrations = new Migrations(database.dataSource());
          out.println(
              "status:  reachable, schema version "
                  + migrations.currentVersion()
                  + ", "
                  + migrations.pendingCount()
                  + " pending");
        }
        return;
      }
      Optional<Long> pid = EmbeddedServer.runningPid(config.embeddedDataDirectory());
      if (pid.isPresent() && EmbeddedServer.isAnswering(config.embeddedUrl(), config.user())) {
        out.println("status:  running (pid " + pid.get() + ") at " + config.embeddedUrl());
        out.println("psql:    " + psqlCommand(config));
      } else {
        out.println(
            "status:  not running (commands start it for their own run;"
                + " './stockpipe db start' keeps it up)");
      }
    }
  }

  @Command(name = "migrate", description = "Apply pending schema migrations (Flyway).")
  static final class Migrate implements Runnable {
    @Mixin DatabaseOptions options;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      try (Database database = Database.open(options.config())) {
        int applied = database.migrate();
        spec.commandLine()
            .getOut()
            .println(
                "applied "
                    + applied
                    + " migration(s); schema version "
                    + new Migrations(database.dataSource()).currentVersion());
      }
    }
  }

  @Command(name = "info", description = "List the schema migrations and their state.")
  static final class Info implements Runnable {
    @Mixin DatabaseOptions options;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      try (Database database = Database.open(options.config())) {
        List<List<String>> rows =
            new Migrations(database.dataSource())
                .info().stream()
                    .map(m -> List.of(m.version(), m.description(), m.state(), m.installedOn()))
                    .toList();
        spec.commandLine()
            .getOut()
            .print(
                ResultFormatter.table(
                    new QueryResult(
                        List.of("version", "description", "state", "installed_on"), rows, -1)));
      }
    }
  }
}
