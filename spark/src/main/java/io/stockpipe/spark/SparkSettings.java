package io.stockpipe.spark;

import io.stockpipe.errors.BadInputException;

/**
 * Where Spark runs and how finely it splits the work.
 *
 * @param master Spark master URL: {@code local[*]}, {@code local[2]}, {@code spark://host:7077}… On
 *     a cluster, executors connect to the database themselves, so its JDBC URL must be reachable
 *     from them (not {@code localhost}).
 * @param readPartitions parallel JDBC reads of price_bar, each a share of the symbols by hash
 * @param shufflePartitions {@code spark.sql.shuffle.partitions}: partitions after the per-symbol
 *     shuffle; a few per core is enough for a few million bars
 */
public record SparkSettings(String master, int readPartitions, int shufflePartitions) {
  public static final String DEFAULT_MASTER = "local[*]";

  public SparkSettings {
    if (master == null || master.isBlank()) {
      throw new BadInputException("Spark master must not be empty (e.g. local[*])");
    }
    if (readPartitions < 1 || readPartitions > 1024) {
      throw new BadInputException("read partitions must be 1..1024, was " + readPartitions);
    }
    if (shufflePartitions < 1 || shufflePartitions > 10_000) {
      throw new BadInputException("shuffle partitions must be 1..10000, was " + shufflePartitions);
    }
  }

  /** {@code local[*]}, 4 reads, 8 shuffle partitions. */
  public static SparkSettings defaults() {
    return new SparkSettings(DEFAULT_MASTER, 4, 8);
  }

  public SparkSettings withMaster(String newMaster) {
    return new SparkSettings(newMaster, readPartitions, shufflePartitions);
  }

  public boolean isLocal() {
    return master.startsWith("local");
  }
}
