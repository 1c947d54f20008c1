package io.stockpipe.model.baseline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;

import io.stockpipe.errors.PipelineException;
import io.stockpipe.model.registry.ReproducibleZip;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A GBT model as MLlib saves it, made reproducible: MLlib writes the save time and random uids into
 * its metadata (the trees' inside a Parquet file) and random names on its Parquet files, so the
 * same trees would give other bytes on every save. Here the times become 0, the uids follow from
 * the tree's number, the files are renamed by their order, and checksums and markers are left out;
 * the result is a {@link ReproducibleZip}. Thread-safe (no state); needs a SparkSession.
 */
final class TreeBytes {
  private static final String METADATA = "metadata";
  private static final String TREES_METADATA = "treesMetadata";
  private static final String TIMESTAMP = "\"timestamp\":[0-9]+";
  private static final String UID = "\"uid\":\"[^\"]*\"";
  private static final String MODEL_UID = "gbtr_blend";

  private TreeBytes() {}

  static byte[] write(SparkSession spark, GBTRegressionModel model) {
    Path directory = temporaryDirectory();
    try {
      Path saved = directory.resolve("saved");
      model.write().save(saved.toString());
      Path trees = directory.resolve(TREES_METADATA);
      Dataset<Row> treeMetadata = spark.read().parquet(saved.resolve(TREES_METADATA).toString());
      // Tree number, metadata JSON, weight: named treeID, metadata, weights or _1, _2, _3 by
      // Spark version, and read back by position.
      String treeId = treeMetadata.columns()[0];
      String json = treeMetadata.columns()[1];
      treeMetadata
          .withColumn(
              json,
              regexp_replace(
                  regexp_replace(col(json), lit(TIMESTAMP), lit("\"timestamp\":0")),
                  lit(UID),
                  concat(lit("\"uid\":\"dtr_"), col(treeId), lit("\""))))
          .coalesce(1)
          .sortWithinPartitions(treeId)
          .write()
          .parquet(trees.toString());
      SortedMap<String, byte[]> entries = new TreeMap<>();
      addParts(
          entries,
          METADATA,
          saved.resolve(METADATA),
          text ->
              new String(text, StandardCharsets.UTF_8)
                  .replaceAll(TIMESTAMP, "\"timestamp\":0")
                  .replaceAll(UID, "\"uid\":\"" + MODEL_UID + "\"")
                  .getBytes(StandardCharsets.UTF_8));
      addParts(entries, "data", saved.resolve("data"), UnaryOperator.identity());
      addParts(entries, TREES_METADATA, trees, UnaryOperator.identity());
      return ReproducibleZip.write(entries);
    } catch (IOException e) {
      throw new UncheckedIOException("could not save the GBT model to " + directory, e);
    } finally {
      delete(directory);
    }
  }

  static GBTRegressionModel read(byte[] bytes) {
    Path directory = temporaryDirectory();
    try {
      for (Map.Entry<String, byte[]> entry : ReproducibleZip.read(bytes).entrySet()) {
        Path file = directory.resolve(entry.getKey()).normalize();
        if (!file.startsWith(directory)) {
          throw new IOException("entry " + entry.getKey() + " points outside the model");
        }
        Files.createDirectories(file.getParent());
        Files.write(file, entry.getValue());
      }
      return GBTRegressionModel.load(directory.toString());
    } catch (IOException e) {
      throw new PipelineException("could not read a stored GBT model: " + e.getMessage(), e);
    } finally {
      delete(directory);
    }
  }

  /**
   * Spark's part files, renamed part-00000.ext, part-00001.ext, ... in their order, their contents
   * as {@code canonical} makes them.
   */
  private static void addParts(
      SortedMap<String, byte[]> entries,
      String name,
      Path directory,
      UnaryOperator<byte[]> canonical)
      throws IOException {
    List<Path> parts = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files
          .filter(file -> file.getFileName().toString().startsWith("part-"))
          .sorted()
          .forEach(parts::add);
    }
    for (int i = 0; i < parts.size(); i++) {
      String file = parts.get(i).getFileName().toString();
      String extension = file.indexOf('.') < 0 ? "" : file.substring(file.indexOf('.'));
      entries.put(
          String.format(Locale.ROOT, "%s/part-%05d%s", name, i, extension),
          canonical.apply(Files.readAllBytes(parts.get(i))));
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("stockpipe-gbt-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a temporary directory for a GBT model", e);
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + directory, e);
    }
  }
}
