package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.db.Migrations;
import io.stockpipe.db.access.AnalystLogin;
import io.stockpipe.db.access.AnalystLogins;
import io.stockpipe.db.embedded.EmbeddedServer;
import io.stockpipe.db.embedded.ServerCredentials;
import io.stockpipe.db.embedded.ServerLease;
import io.stockpipe.db.query.QueryResult;
import io.stockpipe.db.query.ResultFormatter;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.scheduler.config.LoadedConfig;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stockpipe db start|stop|status|migrate|info|grant-analyst}. */
@Command(
    name = "db",
    description = "Run the embedded PostgreSQL for psql and BI tools, and manage the schema.",
    mixinStandardHelpOptions = true,
    subcommands = {
      DbCommand.Start.class,
      DbCommand.Stop.class,
      DbCommand.Status.class,
      DbCommand.Migrate.class,
      DbCommand.Info.class,
      DbCommand.GrantAnalyst.class
    })
public final class DbCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The psql line that reaches the embedded server, its password read from the pgpass file. */
  static String psqlCommand(DatabaseConfig config) {
    return "PGPASSFILE="
        + ServerCredentials.fileIn(config.home())
        + " psql -h localhost -p "
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
              + DatabaseConfig.redact(config.externalUrl()));
    }
  }

  @Command(
      name = "start",
      description =
          "Start the embedded PostgreSQL in the background, keep it up until 'db stop', and"
              + " print how to reach it.")
  static final class Start implements Runnable {
    @Mixin DatabaseOptions options;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      DatabaseConfig config = options.config();
      requireEmbedded(config, "start");
      PrintWriter out = spec.commandLine().getOut();
      boolean wasRunning = EmbeddedServer.isReady(config.embeddedDataDirectory());
      try (Database database = options.openMigrated()) {
        ServerLease.keep(config.home());
        out.println((wasRunning ? "running: " : "started: ") + config.embeddedUrl());
        out.println("schema version: " + new Migrations(database.dataSource()).currentVersion());
      }
      out.println("data:    " + config.embeddedDataDirectory());
      out.println("psql:    " + psqlCommand(config));
      out.println(
          "JDBC:    "
              + config.embeddedUrl()
              + "  (user postgres, password in "
              + ServerCredentials.fileIn(config.home())
              + ", localhost only)");
      out.println("stop it: ./stockpipe db stop");
    }
  }

  @Command(
      name = "stop",
      description =
          "Stop the embedded PostgreSQL (fast shutdown); refused while commands use it, unless"
              + " --force.")
  static final class Stop implements Runnable {
    @Mixin DatabaseOptions options;
    @Spec CommandSpec spec;

    @Option(
        names = "--force",
        description = "stop it even while other commands use it (their transactions roll back)")
    boolean force;

    @Override
    public void run() {
      DatabaseConfig config = options.config();
      requireEmbedded(config, "stop");
      boolean stopped = ServerLease.stop(config.home(), force);
      spec.commandLine().getOut().println(stopped ? "stopped" : "not running");
    }
  }

  @Command(
      name = "status",
      description =
          "Say whether the database is up, where, and its schema; and the configuration file"
              + " with every effective setting (secrets as ***).")
  static final class Status implements Runnable {
    @Mixin DatabaseOptions options;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      DatabaseConfig config = options.config();
      PrintWriter out = spec.commandLine().getOut();
      out.println("config:  " + config);
      database(config, out);
      LoadedConfig file = options.loadedConfig();
      out.println(file.summary());
      file.config().describe().lines().forEach(line -> out.println("  " + line));
    }

    private static void database(DatabaseConfig config, PrintWriter out) {
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
      if (pid.isPresent() && EmbeddedServer.isReady(config.embeddedDataDirectory())) {
        out.println(
            "status:  running (pid "
                + pid.get()
                + ") at "
                + config.embeddedUrl()
                + (ServerLease.isKept(config.home())
                    ? ", kept up by 'db start'"
                    : ", stops after its last command"));
        List<String> clients = ServerLease.clients(config.home());
        out.println("in use:  " + (clients.isEmpty() ? "no command" : String.join("; ", clients)));
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

  @Command(
      name = "grant-analyst",
      description =
          "Create the login NAME for an analyst, or give it a new password: it reads the views of"
              + " the schema report and nothing else. The password comes from "
              + GrantAnalyst.PASSWORD_VARIABLE
              + ", else a prompt; never from a flag.")
  static final class GrantAnalyst implements Runnable {
    static final String PASSWORD_VARIABLE = "STOCKPIPE_ANALYST_PASSWORD";

    @Mixin DatabaseOptions options;
    @Spec CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Parameters(
        index = "0",
        paramLabel = "NAME",
        description = "the login: lower-case letters, digits and _, e.g. alice or bi_tableau")
    String name;

    /** Where {@value #PASSWORD_VARIABLE} is read: the process's environment, or a test's. */
    Map<String, String> environment = DatabaseOptions.ENVIRONMENT;

    @Override
    public void run() {
      // A wrong name is said before anyone types a password for it.
      AnalystLogins.requireValidName(name);
      char[] password = password();
      AnalystLogin login;
      boolean embedded;
      try (Database database = options.openMigrated()) {
        embedded = database.mode() == Database.Mode.EMBEDDED;
        login = new AnalystLogins(database).grant(name, password);
      } finally {
        Arrays.fill(password, '\0');
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          (login.created() ? "created analyst login " : "new password for analyst login ")
              + login.name()
              + ": member of "
              + AnalystLogins.ROLE
              + ", reads the views of the schema report and nothing else (sessions read-only,"
              + " statements stopped after "
              + AnalystLogins.STATEMENT_TIMEOUT
              + ")");
      out.println("psql:    " + login.psqlCommand() + "   (asks for the password)");
      out.println(
          "JDBC:    "
              + login.jdbcUrl()
              + "   (user "
              + login.name()
              + "; the password is not in the URL)");
      out.println("views:   \\dv+ report.*   (every view and column has a comment)");
      if (embedded) {
        out.println(
            "server:  embedded, localhost only, up while a command uses it;"
                + " './stockpipe db start' keeps it up for psql and BI tools");
      }
    }

    private char[] password() {
      String fromEnvironment = environment.get(PASSWORD_VARIABLE);
      if (fromEnvironment != null) {
        if (fromEnvironment.isEmpty()) {
          throw new BadInputException(
              PASSWORD_VARIABLE + " is set but empty: set it to the password, or unset it");
        }
        return fromEnvironment.toCharArray();
      }
      Console console = System.console();
      if (console == null) {
        throw new BadInputException(
            "no password for analyst login '"
                + name
                + "' and no terminal to ask on: set "
                + PASSWORD_VARIABLE);
      }
      char[] first = console.readPassword("password for analyst login %s: ", name);
      char[] again = console.readPassword("the same again: ");
      try {
        if (first == null || again == null || !Arrays.equals(first, again)) {
          throw new BadInputException(
              "the two passwords for analyst login '" + name + "' differ; run it again");
        }
        return first.clone();
      } finally {
        if (first != null) {
          Arrays.fill(first, '\0');
        }
        if (again != null) {
          Arrays.fill(again, '\0');
        }
      }
    }
  }
}
