package io.stockpipe.app;

import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.PipelineException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Entry point of {@code ./stockpipe}. Exit codes: 0 ok, 1 failed, 2 bad usage or input, 3 partly.
 */
public final class Main {
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_BAD_INPUT = 2;
  public static final int EXIT_PARTIAL = 3;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line; what {@code main} does, minus the exit. */
  public static int run(String... args) {
    CommandLine commandLine = commandLine();
    try {
      return commandLine.execute(args);
    } finally {
      commandLine.getOut().flush();
      commandLine.getErr().flush();
    }
  }

  static CommandLine commandLine() {
    return withErrorHandling(new CommandLine(new StockpipeCommand()));
  }

  /**
   * Every failure of {@code commandLine} ends in one line {@code error: …}; traces go to the log.
   */
  static CommandLine withErrorHandling(CommandLine commandLine) {
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          LoggerFactory.getLogger(Main.class).error("command failed", exception);
          cmd.getErr().println("error: " + oneLine(describe(exception)));
          return exception instanceof BadInputException ? EXIT_BAD_INPUT : EXIT_FAILED;
        });
    return commandLine;
  }

  /**
   * What an operator reads of a failure: our own message, or for anything else (a library's
   * exception, a lost connection deep inside Spark) its cause in a sentence and where the trace
   * went. Never a stack trace: that is in the log.
   */
  static String describe(Throwable exception) {
    if (exception instanceof PipelineException) {
      return exception.getMessage();
    }
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      boolean lostConnection =
          cause instanceof ConnectException
              || (cause instanceof SQLException sql
                  && sql.getSQLState() != null
                  && sql.getSQLState().startsWith("08"));
      if (lostConnection) {
        return "lost the connection to the database ("
            + DatabaseConfig.redact(String.valueOf(cause.getMessage()))
            + "). Check that it is up ('./stockpipe db status') and run the command again:"
            + " every step is idempotent, and what it committed is kept";
      }
      if (cause instanceof PipelineException) {
        return cause.getMessage();
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return "unexpected "
        + exception.getClass().getSimpleName()
        + ": "
        + DatabaseConfig.redact(oneLine(String.valueOf(exception.getMessage())))
        + ". The stack trace is in the log ($STOCKPIPE_HOME/logs/stockpipe.log); please report it";
  }

  private static String oneLine(String message) {
    String text = message == null ? "" : message.strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline).strip() + " (more in the log)";
  }
}
