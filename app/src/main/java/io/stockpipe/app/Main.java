package io.stockpipe.app;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.PipelineException;
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
    CommandLine commandLine = new CommandLine(new StockpipeCommand());
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          if (exception instanceof PipelineException) {
            cmd.getErr().println("error: " + exception.getMessage());
            LoggerFactory.getLogger(Main.class).error("command failed", exception);
            return exception instanceof BadInputException ? EXIT_BAD_INPUT : EXIT_FAILED;
          }
          throw exception;
        });
    return commandLine;
  }
}
