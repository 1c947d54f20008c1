package io.stockpipe.scheduler;

import io.stockpipe.db.Database;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.DatabaseUnavailableException;
import io.stockpipe.features.FeatureRequest;
import io.stockpipe.features.FeatureService;
import io.stockpipe.features.FeatureSummary;
import io.stockpipe.features.registry.FeatureRegistry;
import io.stockpipe.ingest.IngestService;
import io.stockpipe.ingest.IngestSummary;
import io.stockpipe.ingest.PriceSource;
import io.stockpipe.model.prediction.PredictService;
import io.stockpipe.model.prediction.PredictSummary;
import io.stockpipe.model.registry.ModelRegistry;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.model.scoring.BaselineScoreService;
import io.stockpipe.model.scoring.ScoreService;
import io.stockpipe.progress.Progress;
import io.stockpipe.spark.JdbcEndpoint;
import io.stockpipe.spark.SparkSettings;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What each step of a chain does, over a range of business dates (one date for the nightly, a unit
 * of several for a backfill), by calling the same services as the CLI's commands. Every step is
 * idempotent: a rerun of a range converges to the same rows. Thread-safe as its services are; the
 * Spark and ND4J settings are process-wide, so a node runs one step at a time.
 */
public final class PipelineSteps {
  private final Database database;
  private final SourcesForDate sources;
  private final SparkSettings spark;
  private final ReportStep report;
  private final Progress.Factory progress;

  public PipelineSteps(
      Database database,
      SourcesForDate sources,
      SparkSettings spark,
      ReportStep report,
      Progress.Factory progress) {
    this.database = database;
    this.sources = sources;
    this.spark = spark;
    this.report = report;
    this.progress = progress;
  }

  public StepResult run(Step step, LocalDate from, LocalDate to) {
    return run(step, from, to, List.of());
  }

  /**
   * As {@link #run(Step, LocalDate, LocalDate)}, for {@code symbols} only (empty: every symbol).
   * Only features can be built for a few symbols: a prediction ranks, and a score measures, the
   * whole cross-section of a date.
   */
  public StepResult run(Step step, LocalDate from, LocalDate to, List<String> symbols) {
    if (!symbols.isEmpty() && step != Step.FEATURES) {
      throw new BadInputException(
          "only the features step runs for a few symbols, not "
              + step.key()
              + ": its rows are of every symbol of a date");
    }
    return switch (step) {
      case INGEST -> ingest(from, to);
      case FEATURES -> features(from, to, symbols);
      case PREDICT -> predict(from, to);
      case SCORE -> score(from, to);
      case REPORT -> report(from, to);
    };
  }

  private StepResult ingest(LocalDate from, LocalDate to) {
    List<PriceSource> toRead = sources.sources(from, to);
    if (toRead.isEmpty()) {
      return StepResult.skipped("no price sources are configured");
    }
    long loaded = 0;
    List<String> refused = new ArrayList<>();
    for (PriceSource source : toRead) {
      IngestSummary summary =
          new IngestService(database.dataSource(), Clock.systemDefaultZone())
              .ingest(
                  source, sources.options(source), progress.start("ingest", 0, "files", "rows"));
      if (summary.failed()) {
        throw new BadInputException(
            "ingest of " + source.describe() + " failed (ingest_run " + summary.runId() + ")");
      }
      loaded += summary.rowsLoaded();
      if (summary.filesRefused() > 0) {
        refused.add(summary.filesRefused() + " file(s) of " + source.describe());
      }
    }
    return StepResult.succeeded(
        loaded,
        refused.isEmpty()
            ? toRead.size() + " source(s)"
            : "refused whole: " + String.join("; ", refused) + " (see ingest_reject)");
  }

  /**
   * Builds the feature set the active model predicts with, so that a model trained on v1 keeps
   * getting v1 rows after v2 exists; {@link FeatureRegistry#DEFAULT} while no model is active or
   * when the active model's set is of older code than this.
   */
  private StepResult features(LocalDate from, LocalDate to, List<String> symbols) {
    FeatureRegistry registry =
        new ModelRegistry(database)
            .active()
            .flatMap(model -> FeatureRegistry.ofVersion(model.featureSetVersion()))
            .orElse(FeatureRegistry.DEFAULT);
    FeatureSummary summary =
        new FeatureService(database.dataSource(), JdbcEndpoint.of(database), registry)
            .build(
                FeatureRequest.between(from, to).withSymbols(symbols).withSpark(spark),
                progress.start("features", 0, "steps", "rows"));
    if (summary.featureRows() == 0) {
      return StepResult.skipped("no price bars on " + range(from, to) + " to build features of");
    }
    return StepResult.succeeded(summary.featureRows(), summary.featureSetVersion());
  }

  /**
   * The active model predicts each date that has features, point in time: a date on or before the
   * end of the model's training and validation dates is skipped, since the model learned from it.
   */
  private StepResult predict(LocalDate from, LocalDate to) {
    Optional<RegisteredModel> active = new ModelRegistry(database).active();
    if (active.isEmpty()) {
      return StepResult.skipped("no active model ('stockpipe model promote ID')");
    }
    RegisteredModel model = active.get();
    LocalDate learnedUntil = model.validation().to();
    long rows = 0;
    List<LocalDate> skipped = new ArrayList<>();
    List<LocalDate> dates = datesWithFeatures(from, to);
    for (LocalDate date : dates) {
      if (!date.isAfter(learnedUntil)) {
        skipped.add(date);
        continue;
      }
      PredictSummary summary = new PredictService(database).predict(date, model.id());
      rows += summary.rows().size();
    }
    if (dates.isEmpty()) {
      return StepResult.skipped("no features on " + range(from, to));
    }
    String inWindow =
        skipped.isEmpty()
            ? ""
            : "; "
                + skipped.size()
                + " date(s) on or before "
                + learnedUntil
                + " skipped: inside model "
                + model.id()
                + "'s training and validation dates";
    if (rows == 0) {
      return StepResult.skipped("model " + model.id() + inWindow);
    }
    return StepResult.succeeded(rows, "model " + model.id() + inWindow);
  }

  /**
   * Scores the models' predictions and the naive baselines realised on each date. The step counts
   * as skipped while no model-date was scored, the baselines written or not: what it exists for is
   * the models' scorecard, and the message says what the baselines got, if anything.
   */
  private StepResult score(LocalDate from, LocalDate to) {
    long modelDates = 0;
    long baselineDates = 0;
    for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
      modelDates += new ScoreService(database).score(date).size();
      baselineDates += new BaselineScoreService(database).score(date).size();
    }
    String baselines = baselineDates + " baseline-dates into baseline_score_daily";
    return modelDates == 0
        ? StepResult.skipped(
            "no predictions with a target date in "
                + range(from, to)
                + (baselineDates == 0 ? "" : "; scored " + baselines))
        : StepResult.succeeded(
            modelDates + baselineDates,
            modelDates + " model-dates scored into model_score_daily, " + baselines);
  }

  /**
   * The report of the range's last date: one report per night, and one per backfill unit rather
   * than per date, since each reads the whole year before it (and a backfill's interest is the
   * state it leaves, not a page per past day).
   */
  private StepResult report(LocalDate from, LocalDate to) {
    return report.write(to);
  }

  private List<LocalDate> datesWithFeatures(LocalDate from, LocalDate to) {
    List<LocalDate> dates = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT DISTINCT trade_date FROM feature_row WHERE trade_date BETWEEN ? AND ?"
                    + " ORDER BY 1")) {
      query.setDate(1, Date.valueOf(from));
      query.setDate(2, Date.valueOf(to));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          dates.add(rows.getDate(1).toLocalDate());
        }
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot read the dates of feature_row: " + e.getMessage(), e);
    }
    return dates;
  }

  private static String range(LocalDate from, LocalDate to) {
    return from.equals(to) ? from.toString() : from + ".." + to;
  }
}
