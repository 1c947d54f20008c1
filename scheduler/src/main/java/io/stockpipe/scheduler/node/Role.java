package io.stockpipe.scheduler.node;

import io.stockpipe.errors.BadInputException;
import java.util.List;
import java.util.Locale;

/**
 * What a node runs. Each role is a Quartz scheduler name in the same tables: {@code stockpipe-etl}
 * (ingest, features, score, report) and {@code stockpipe-model} (DL4J: prediction and training), so
 * a GPU pool can run {@code model} alone.
 */
public enum Role {
  ETL("stockpipe-etl"),
  MODEL("stockpipe-model"),
  ALL(null);

  private final String schedulerName;

  Role(String schedulerName) {
    this.schedulerName = schedulerName;
  }

  public String schedulerName() {
    return schedulerName;
  }

  /** The roles whose schedulers this node starts. */
  public List<Role> runs() {
    return this == ALL ? List.of(ETL, MODEL) : List.of(this);
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("role must be etl, model or all, was '" + text + "'");
    }
  }
}
