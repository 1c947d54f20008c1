package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.db.runs.CommandRun;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Records a batch command as a {@code command_run} row: running while it works, then succeeded or
 * failed with the one-line error an operator saw. A process that dies leaves the row running with
 * its lock free, and the next command marks it aborted. Stateless.
 */
final class CommandAudit {
  private CommandAudit() {}

  static <T> T run(Database database, CommandSpec spec, Supplier<T> work) {
    try (CommandRun run =
        CommandRun.start(database.dataSource(), spec.qualifiedName(), arguments(spec))) {
      T result;
      try {
        result = work.get();
      } catch (RuntimeException e) {
        try {
          run.failed(Main.describe(e));
        } catch (RuntimeException recording) {
          e.addSuppressed(recording);
        }
        throw e;
      }
      run.succeeded(null);
      return result;
    }
  }

  /** The command line as given, without secrets: password flags hidden, URLs redacted. */
  static String arguments(CommandSpec spec) {
    List<String> shown = new ArrayList<>();
    boolean hideNext = false;
    for (String argument : spec.commandLine().getParseResult().originalArgs()) {
      if (hideNext) {
        shown.add("***");
        hideNext = false;
      } else if (argument.startsWith("--db-password")) {
        hideNext = !argument.contains("=");
        shown.add(hideNext ? argument : "--db-password=***");
      } else {
        shown.add(DatabaseConfig.redact(argument));
      }
    }
    return String.join(" ", shown);
  }
}
