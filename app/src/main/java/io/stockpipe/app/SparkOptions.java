package io.stockpipe.app;

import io.stockpipe.spark.SparkSettings;
import picocli.CommandLine.Option;

/** Where Spark runs: {@code --spark-master} (env STOCKPIPE_SPARK_MASTER), default local[*]. */
public final class SparkOptions {
  @Option(
      names = "--spark-master",
      paramLabel = "URL",
      description =
          "local[*] (default), local[N], spark://host:7077, yarn, k8s://… (env"
              + " STOCKPIPE_SPARK_MASTER); cluster executors must reach the database URL")
  String master;

  public SparkSettings settings() {
    String chosen =
        master != null ? master : DatabaseOptions.ENVIRONMENT.get("STOCKPIPE_SPARK_MASTER");
    SparkSettings defaults = SparkSettings.defaults();
    return chosen == null || chosen.isBlank() ? defaults : defaults.withMaster(chosen);
  }
}
