package io.stockpipe.scheduler.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.stockpipe.model.network.Architecture;
import java.util.EnumSet;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * When and how a new model is trained, and when it replaces the active one.
 *
 * @param enabled whether the retrain job runs at all
 * @param cron Quartz cron expression of the retrain, in the schedule's time zone
 * @param model the architecture trained
 * @param trainingYears years of dates before the retrain the model learns from
 * @param validationDates the latest dates held out for early stopping; empty: the trainer's default
 *     share of the dates
 * @param promoteMargin how much higher a candidate's rank IC must be than the active model's for it
 *     to be promoted
 */
public record RetrainSection(
    boolean enabled,
    String cron,
    Architecture model,
    int trainingYears,
    OptionalInt validationDates,
    double promoteMargin) {

  /** Saturday morning: the week's data are in and no nightly competes for the machine. */
  public static final String DEFAULT_CRON = "0 0 6 ? * SAT";

  public static final int DEFAULT_TRAINING_YEARS = 4;

  /**
   * A candidate must beat what runs by a margin, so that noise between two equally good models does
   * not swap them every week.
   */
  public static final double DEFAULT_PROMOTE_MARGIN = 0.002;

  public static final RetrainSection DEFAULTS =
      new RetrainSection(
          true,
          DEFAULT_CRON,
          Architecture.DENSE,
          DEFAULT_TRAINING_YEARS,
          OptionalInt.empty(),
          DEFAULT_PROMOTE_MARGIN);

  public RetrainSection {
    cron = Settings.cron("cron", cron);
    Objects.requireNonNull(model, "model");
    Settings.atLeast("training_years", trainingYears, 1);
    Objects.requireNonNull(validationDates, "validation_dates");
    if (validationDates.isPresent()) {
      Settings.atLeast("validation_dates", validationDates.getAsInt(), 1);
    }
    Settings.require(
        promoteMargin >= 0 && promoteMargin < 1,
        "promote_margin",
        "must be at least 0 and below 1 (a difference of rank IC), was " + promoteMargin);
  }

  @JsonCreator
  static RetrainSection fromFile(
      @JsonProperty("enabled") Boolean enabled,
      @JsonProperty("cron") String cron,
      @JsonProperty("model") String model,
      @JsonProperty("training_years") Integer trainingYears,
      @JsonProperty("validation_dates") Integer validationDates,
      @JsonProperty("promote_margin") Double promoteMargin) {
    return new RetrainSection(
        Settings.orDefault(enabled, true),
        Settings.orDefault(cron, DEFAULT_CRON),
        // Not a blend: the weekly retrain trains one network (RetrainPolicy says why).
        model == null
            ? Architecture.DENSE
            : Settings.choice("model", model, EnumSet.of(Architecture.DENSE, Architecture.CNN)),
        Settings.orDefault(trainingYears, DEFAULT_TRAINING_YEARS),
        validationDates == null ? OptionalInt.empty() : OptionalInt.of(validationDates),
        Settings.orDefault(promoteMargin, DEFAULT_PROMOTE_MARGIN));
  }

  void describe(Describer out) {
    out.section("retrain");
    out.value("enabled", enabled);
    out.value("cron", cron);
    out.value("model", model.key());
    out.value("training_years", trainingYears);
    out.value(
        "validation_dates",
        validationDates.isPresent() ? validationDates.getAsInt() : "(the trainer's last 20%)");
    out.value("promote_margin", promoteMargin);
  }
}
