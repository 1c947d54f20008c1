package io.stockpipe.scheduler.config;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code stockpipe.yaml} says, every key left out at its default. Immutable and valid by
 * construction; {@link #describe()} and {@link #toString()} show no secret.
 *
 * <p>The {@code database} and {@code spark} sections are only the lowest layer of their settings:
 * {@link #withEnvironment} puts them under the environment, and the flags win over both.
 *
 * @param database the file's database settings (each null where left out)
 * @param spark the file's Spark master (null where left out)
 * @param sources what the nightly ingests each business date, names unique
 * @param schedule when the nightly runs, and in which time zone
 * @param retrain when a model is retrained and promoted
 * @param scheduler this node's role and retries
 */
public record StockpipeConfig(
    DatabaseSection database,
    SparkSection spark,
    List<SourceConfig> sources,
    Schedule schedule,
    RetrainSection retrain,
    SchedulerSettings scheduler) {

  public StockpipeConfig {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(spark, "spark");
    sources = List.copyOf(sources);
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(retrain, "retrain");
    Objects.requireNonNull(scheduler, "scheduler");
    Map<String, Integer> firstWithName = new HashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      Integer first = firstWithName.putIfAbsent(sources.get(i).name(), i);
      Settings.require(
          first == null,
          "sources[" + i + "].name",
          "'"
              + sources.get(i).name()
              + "' is the name of sources["
              + first
              + "] too; each source needs its own");
    }
  }

  /** Every setting at its default: what a home without {@code stockpipe.yaml} runs with. */
  public static StockpipeConfig defaults() {
    return new StockpipeConfig(
        DatabaseSection.EMPTY,
        SparkSection.EMPTY,
        List.of(),
        Schedule.DEFAULTS,
        RetrainSection.DEFAULTS,
        SchedulerSettings.DEFAULTS);
  }

  @JsonCreator
  static StockpipeConfig fromFile(
      @JsonProperty("database") DatabaseSection database,
      @JsonProperty("spark") SparkSection spark,
      @JsonProperty("sources") List<SourceEntry> sources,
      @JsonProperty("schedule") Schedule schedule,
      @JsonProperty("retrain") RetrainSection retrain,
      @JsonProperty("scheduler") SchedulerSettings scheduler,
      @JacksonInject(value = ConfigFile.BASE_DIRECTORY, useInput = OptBoolean.FALSE)
          Path baseDirectory) {
    List<SourceConfig> converted = new ArrayList<>();
    List<SourceEntry> entries = sources == null ? List.of() : sources;
    for (int i = 0; i < entries.size(); i++) {
      String item = "sources[" + i + "]";
      Settings.require(entries.get(i) != null, item, "is empty");
      try {
        converted.add(entries.get(i).toSource(baseDirectory));
      } catch (InvalidSettingException e) {
        throw new InvalidSettingException(ConfigFile.join(item, e.key()), e.problem());
      }
    }
    return new StockpipeConfig(
        Settings.orDefault(database, DatabaseSection.EMPTY),
        Settings.orDefault(spark, SparkSection.EMPTY),
        converted,
        Settings.orDefault(schedule, Schedule.DEFAULTS),
        Settings.orDefault(retrain, RetrainSection.DEFAULTS),
        Settings.orDefault(scheduler, SchedulerSettings.DEFAULTS));
  }

  public Optional<SourceConfig> source(String name) {
    return sources.stream().filter(source -> source.name().equals(name)).findFirst();
  }

  /**
   * {@code environment} with this file's database and Spark settings under it, as the {@code
   * STOCKPIPE_*} variables they stand in for: a variable set (not blank) wins over the file, as it
   * does over the defaults. Give the result where the environment is read, and the flags still win.
   */
  public Map<String, String> withEnvironment(Map<String, String> environment) {
    Map<String, String> layered = new HashMap<>(database.asVariables());
    layered.putAll(spark.asVariables());
    environment.forEach(
        (name, value) -> {
          if (!value.isBlank() || !layered.containsKey(name)) {
            layered.put(name, value);
          }
        });
    return Map.copyOf(layered);
  }

  /** One line: how many sources, when, in which zone. */
  public String summary() {
    return sources.size()
        + (sources.size() == 1 ? " source" : " sources")
        + ", schedule "
        + schedule.cron()
        + ", time zone "
        + schedule.timeZone()
        + ", retrain "
        + (retrain.enabled() ? retrain.cron() : "off");
  }

  /**
   * Every effective value, one key a line in the file's layout; a password as {@code ***}, also
   * inside a URL.
   */
  public String describe() {
    Describer out = new Describer();
    database.describe(out);
    spark.describe(out);
    if (sources.isEmpty()) {
      out.emptyList("sources");
    } else {
      out.section("sources");
      for (SourceConfig source : sources) {
        if (source instanceof CsvSource csv) {
          csv.describe(out);
        } else if (source instanceof HttpSource http) {
          http.describe(out);
        }
      }
    }
    schedule.describe(out);
    retrain.describe(out);
    scheduler.describe(out);
    return out.text();
  }
}
