package io.stockpipe.scheduler.config;

import io.stockpipe.errors.BadInputException;

/**
 * A setting that is not what it must be. The key is relative to the section that refused it ({@code
 * time_zone}); {@link ConfigFile} puts the section's path and the file's line in front.
 */
public final class InvalidSettingException extends BadInputException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String problem;

  public InvalidSettingException(String key, String problem) {
    super(key.isEmpty() ? problem : key + ": " + problem);
    this.key = key;
    this.problem = problem;
  }

  /**
   * The key, relative to its section: {@code time_zone}, {@code sources[1].name}; empty for the
   * section itself.
   */
  public String key() {
    return key;
  }

  /** What is wrong with it, without the key. */
  public String problem() {
    return problem;
  }
}
