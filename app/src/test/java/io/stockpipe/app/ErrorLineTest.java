package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.errors.BadInputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Whatever a command throws, the terminal gets one line {@code error: …} with what to do, and the
 * stack trace goes to the log. Seen before: {@code features} that lost its database printed 159
 * lines of Spark and JDBC trace and no error line, because only our own exceptions were handled.
 */
class ErrorLineTest {

  @Test
  void aConnectionLostDeepInsideALibraryIsOneLineWithWhatToDo() {
    RuntimeException spark =
        new RuntimeException(
            "Job aborted due to stage failure: Task 0 in stage 3.0 failed",
            new SQLException(
                "An I/O error occurred while sending to the backend.",
                "08006",
                new java.io.EOFException()));
    Run run = fail(() -> spark);
    assertThat(run.exitCode).isEqualTo(Main.EXIT_FAILED);
    assertThat(run.err.lines()).hasSize(1);
    assertThat(run.err)
        .startsWith("error: lost the connection to the database (An I/O error occurred")
        .contains("./stockpipe db status", "run the command again")
        .doesNotContain("\tat ", "Exception:");
  }

  @Test
  void aRefusedConnectionIsTheSameLine() {
    Run run = fail(() -> new IllegalStateException(new ConnectException("Connection refused")));
    assertThat(run.err)
        .startsWith("error: lost the connection to the database (Connection refused");
  }

  @Test
  void anUnexpectedFailureSaysWhatAndWhereTheTraceIs() {
    Run run = fail(() -> new IllegalStateException("broadcast variable lost\nsecond line"));
    assertThat(run.exitCode).isEqualTo(Main.EXIT_FAILED);
    assertThat(run.err.lines()).hasSize(1);
    assertThat(run.err)
        .startsWith("error: unexpected IllegalStateException: broadcast variable lost")
        .contains("stockpipe.log");
  }

  @Test
  void ourOwnMessagesStayAsTheyAreWithTheirExitCode() {
    Run run = fail(() -> new BadInputException("no file x.csv"));
    assertThat(run.exitCode).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(run.err).isEqualTo("error: no file x.csv\n");
  }

  @Test
  void aPasswordInAFailingUrlIsNotShown() {
    Run run =
        fail(
            () ->
                new IllegalArgumentException(
                    "bad url jdbc:postgresql://db:5432/x?user=a&password=s3cret"));
    assertThat(run.err).contains("password=***").doesNotContain("s3cret");
  }

  private record Run(int exitCode, String err) {}

  private static Run fail(Supplier<RuntimeException> failure) {
    @Command(name = "failing")
    final class Failing implements Runnable {
      @Override
      public void run() {
        throw failure.get();
      }
    }
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.withErrorHandling(new CommandLine(new Failing()));
    commandLine.setErr(new PrintWriter(err, true));
    return new Run(commandLine.execute(), err.toString());
  }
}
