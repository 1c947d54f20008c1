package io.stockpipe.scheduler.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The file's {@code spark:} section, under {@code STOCKPIPE_SPARK_MASTER} and {@code
 * --spark-master}.
 *
 * @param master local[*], local[N], spark://host:7077, yarn, k8s://…; null where the file leaves it
 *     out
 */
public record SparkSection(String master) {
  public static final String MASTER_VARIABLE = "STOCKPIPE_SPARK_MASTER";

  public static final SparkSection EMPTY = new SparkSection(null);

  public SparkSection {
    master = Settings.optionalText("master", master);
  }

  @JsonCreator
  static SparkSection fromFile(@JsonProperty("master") String master) {
    return new SparkSection(master);
  }

  Map<String, String> asVariables() {
    return master == null ? Map.of() : Map.of(MASTER_VARIABLE, master);
  }

  void describe(Describer out) {
    out.section("spark");
    out.value("master", master);
  }
}
