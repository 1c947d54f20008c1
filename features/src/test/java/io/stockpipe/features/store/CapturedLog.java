package io.stockpipe.features.store;

import java.io.StringWriter;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * What one class logs while open, as {@code LEVEL message} lines: what an operator's terminal and
 * log file get from it.
 */
final class CapturedLog implements AutoCloseable {
  private final StringWriter written = new StringWriter();
  private final Logger logger;
  private final WriterAppender appender;

  CapturedLog(Class<?> source) {
    logger = (Logger) LogManager.getLogger(source);
    appender =
        WriterAppender.createAppender(
            PatternLayout.newBuilder().withPattern("%level %msg%n").build(),
            null,
            written,
            "captured-" + source.getSimpleName(),
            false,
            true);
    appender.start();
    logger.addAppender(appender);
  }

  List<String> lines() {
    return written.toString().lines().toList(); // StringWriter is synchronised
  }

  @Override
  public void close() {
    logger.removeAppender(appender);
    appender.stop();
  }
}
