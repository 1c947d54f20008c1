package io.stockpipe.scheduler.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The configuration a command runs with, and where it came from.
 *
 * @param file the file read, or looked for
 * @param found whether it was there; if not, {@code config} is every default
 * @param config its settings
 */
public record LoadedConfig(Path file, boolean found, StockpipeConfig config) {
  public LoadedConfig {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(config, "config");
  }

  /** {@code config file: PATH (2 sources, schedule …, time zone …)}, or that there is none. */
  public String summary() {
    return "config file: "
        + file
        + (found
            ? " (" + config.summary() + ")"
            : " (not there: every setting at its default; --config or STOCKPIPE_CONFIG names"
                + " another)");
  }
}
