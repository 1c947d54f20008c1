package io.stockpipe.spark;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SparkSession per JVM. Starting one costs seconds, so a process (or a test suite) reuses it;
 * the caller that owns the process stops it with {@link #stop()}.
 */
public final class SparkSessions {
  private static final Logger log = LoggerFactory.getLogger(SparkSessions.class);

  private SparkSessions() {}

  public static synchronized SparkSession getOrCreate(SparkSettings settings) {
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName("stockpipe")
            .master(settings.master())
            .config("spark.ui.enabled", "false")
            .config("spark.sql.ansi.enabled", "true")
            .config("spark.sql.shuffle.partitions", settings.shufflePartitions());
    if (settings.isLocal()) {
      // A local driver talks only to itself; binding to loopback avoids depending on the host name.
      builder
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.driver.host", "127.0.0.1");
    }
    SparkSession session = builder.getOrCreate();
    String running = session.sparkContext().master();
    if (!running.equals(settings.master())) {
      log.warn(
          "Spark is already running on {} in this JVM; using it instead of {}",
          running,
          settings.master());
    }
    session.conf().set("spark.sql.shuffle.partitions", settings.shufflePartitions());
    return session;
  }

  /** Stops this JVM's session, if any. */
  public static synchronized void stop() {
    scala.Option<SparkSession> session = SparkSession.getDefaultSession();
    if (session.isDefined()) {
      session.get().stop();
    }
  }
}
