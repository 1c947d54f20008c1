package io.stockpipe.app;

import io.stockpipe.scheduler.config.SparkSection;
import io.stockpipe.spark.SparkSettings;
import picocli.CommandLine.Option;

/**
 * Where Spark runs: {@code --spark-master}, else env STOCKPIPE_SPARK_MASTER, else the configuration
 * file's {@code spark.master}, else local[*].
 */
public final class SparkOptions {
  @Option(
      names = "--spark-master",
      paramLabel = "URL",
      description =
          "local[*] (default), local[N], spark://host:7077, yarn, k8s://… (env"
              + " STOCKPIPE_SPARK_MASTER, file: spark.master); cluster executors must reach the"
              + " database URL")
  String master;

  /** The settings, the environment and the file read through {@code options}. */
  public SparkSettings settings(DatabaseOptions options) {
    String chosen =
        master != null ? master : options.environment().get(SparkSection.MASTER_VARIABLE);
    SparkSettings defaults = SparkSettings.defaults();
    return chosen == null || chosen.isBlank() ? defaults : defaults.withMaster(chosen);
  }
}
