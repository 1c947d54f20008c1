package io.stockpipe.app;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.query.ResultFormatter;
import io.stockpipe.errors.PipelineException;
import io.stockpipe.features.FeatureRequest;
import io.stockpipe.ingest.IngestOptions;
import io.stockpipe.ingest.IngestSummary;
import io.stockpipe.ingest.csv.CsvPathSource;
import io.stockpipe.ingest.sample.SampleDataGenerator;
import io.stockpipe.ingest.sample.SampleDataGenerator.SampleData;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.data.SymbolScope;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.registry.ModelRegistry;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.model.training.LeakCheck;
import io.stockpipe.model.training.TrainRequest;
import io.stockpipe.report.ReportService;
import io.stockpipe.scheduler.ChainRequest;
import io.stockpipe.scheduler.ReportStep;
import io.stockpipe.scheduler.Trigger;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.scheduler.node.NodeSettings;
import io.stockpipe.scheduler.node.QuartzNode;
import io.stockpipe.scheduler.node.Role;
import io.stockpipe.scheduler.status.ClusterStatus;
import io.stockpipe.spark.SparkSessions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code stockpipe demo}: the whole pipeline on sample data the product writes itself, on a bare
 * machine. Idempotent: a second run gives the same tables.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Write sample prices (50 symbols, 3 years, a few bad rows), run the pipeline on"
            + " them, and show where the results are.")
public final class DemoCommand implements Callable<Integer> {
  @Mixin DatabaseOptions options;
  @Mixin SparkOptions sparkOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DatabaseConfig config = options.config();
    out.println("stockpipe demo");
    out.println("  home:     " + config.home());
    out.println("  database: " + config);
    try (Database database = options.openMigrated()) {
      out.println("  using:    " + database.displayUrl() + " (" + describe(database.mode()) + ")");

      Path sampleDirectory = config.home().resolve("demo").resolve("prices");
      SampleData sample = SampleDataGenerator.demo().write(sampleDirectory, true);
      out.printf(
          "%n1. sample data: %d symbols, %,d good rows and %d deliberately bad ones in %s%n",
          sample.symbols().size(), sample.validRows(), sample.rejectedRows(), sampleDirectory);

      out.println("\n2. ingest");
      IngestSummary summary =
          IngestCommand.run(
              database, new CsvPathSource(sampleDirectory), IngestOptions.defaults(), out);

      QueryRunner queries = QueryRunner.asOwner(database.dataSource());
      out.println("\n3. what is in the database now");
      out.print(
          ResultFormatter.table(
              queries.run(
                  "SELECT count(DISTINCT symbol) AS symbols, count(*) AS bars,"
                      + " min(trade_date) AS first_day, max(trade_date) AS last_day"
                      + " FROM price_bar WHERE source LIKE '%/demo/prices/%'")));
      out.print(
          ResultFormatter.table(
              queries.run(
                  "SELECT rule, count(*) AS rows FROM ingest_reject WHERE run_id = "
                      + summary.runId()
                      + " GROUP BY rule ORDER BY rule")));

      out.println("\n4. features (Spark)");
      FeaturesCommand.build(
          database, options, FeatureRequest.all().withSpark(sparkOptions.settings(options)), out);

      DateRange training = new DateRange(LocalDate.of(2022, 1, 3), LocalDate.of(2023, 12, 29));
      // The test ends on 2024-12-30, the last date whose next-day return the history holds: the
      // nightly below adds 2025-01-02, which would realise 2024-12-31's return on a rerun and
      // change what the evaluation sees, so that a second demo would not give the same tables.
      DateRange test = new DateRange(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 12, 30));
      out.println("\n5. baselines: trained on 2022-2023, judged on 2024");
      BaselineCommand.evaluate(
          database,
          options,
          BaselineCommand.request(
                  training.from(), training.to(), test.from(), test.to(), List.of(3), List.of(20))
              .withSpark(sparkOptions.settings(options)),
          out);

      out.println(
          "\n6. a DL4J dense model: trained on 2022-2023 (its last 20% of dates validate),"
              + " judged on 2024");
      RegisteredModel model =
          TrainCommand.trainNetwork(
                  database,
                  new TrainRequest(
                      NetworkConfig.defaults(Architecture.DENSE),
                      Label.NEXT_RETURN_1D,
                      null,
                      training,
                      null,
                      SymbolScope.ALL,
                      LeakCheck.DEFAULT_SHUFFLES),
                  out)
              .folds()
              .get(0)
              .model();
      EvaluateCommand.evaluate(database, model.id(), test, false, LeakCheck.DEFAULT_SHUFFLES, out);

      out.println("\n7. every model on 2024, best rank IC first (model_evaluation)");
      out.print(ResultFormatter.table(queries.run(comparison(test))));

      ModelRegistry registry = new ModelRegistry(database);
      if (registry.active().isEmpty()) {
        registry.promote(model.id());
      }
      LocalDate lastDay = LocalDate.of(2024, 12, 31);
      out.printf("%n8. predictions as of %s (prediction)%n", lastDay);
      PredictCommand.predict(database, lastDay, model.id(), 5, out);

      LocalDate reported =
          nightly(database, config.home().resolve("demo").resolve("incoming"), out);
      Path reports = config.home().resolve(ReportStep.REPORTS_DIRECTORY);
      out.printf(
          "%n11. the analysts' report of %s, written by the chain's report step:%n  %s%n"
              + "  every date's: %s%n",
          reported,
          reports.resolve(reported.toString()).resolve(ReportService.PAGE),
          reports.resolve("index.html"));

      out.println("\nLook at it yourself:");
      out.println(
          "  ./stockpipe query \"SELECT * FROM price_bar WHERE symbol = 'DAAA'"
              + " ORDER BY trade_date DESC LIMIT 5\"");
      out.println(
          "  ./stockpipe query \"SELECT * FROM ingest_reject WHERE run_id = "
              + summary.runId()
              + "\"");
      out.println("  ./stockpipe query \"SELECT * FROM ingest_run ORDER BY id DESC LIMIT 5\"");
      out.println("  ./stockpipe query \"SELECT version, feature_names FROM feature_set\"");
      out.println(
          "  ./stockpipe query \"SELECT model_name, metric, value FROM model_evaluation"
              + " ORDER BY model_name, metric\"");
      out.println("  ./stockpipe model list");
      out.println("  ./stockpipe model show " + model.id());
      out.println(
          "  ./stockpipe query \"SELECT * FROM prediction_provenance WHERE as_of_date = '"
              + lastDay
              + "' ORDER BY cross_sectional_rank LIMIT 10\"");
      if (!config.isExternal()) {
        out.println(
            "  ./stockpipe db start    # then: psql -h localhost -p "
                + config.embeddedPort()
                + " -U postgres stockpipe");
      }
      out.println(
          "Tables: price_bar (bars), symbol, ingest_run (one row per run),"
              + " ingest_reject (every refused row, with its rule and line), feature_set and"
              + " feature_row (features), label_row (labels), model_evaluation (metrics of"
              + " every model), model_registry (trained models with provenance), prediction and"
              + " the view prediction_provenance.");
      out.flush();
      return summary.failed() ? Main.EXIT_FAILED : 0;
    } finally {
      SparkSessions.stop();
    }
  }

  /**
   * The market's next trading day arrives as a nightly source would deliver it, and an in-process
   * scheduler node runs its chain: ingest, features, predict, and the score of the predictions made
   * for it. Then what {@code stockpipe status} shows.
   */
  /** Runs the nightly of the market's next trading day; returns that date. */
  private LocalDate nightly(Database database, Path incoming, PrintWriter out) {
    SampleDataGenerator market = SampleDataGenerator.demo();
    LocalDate nextDay = market.nextDay();
    market.writeNextDay(incoming);
    out.printf(
        "%n9. the nightly chain for %s, the market's next trading day (its bars in %s),"
            + " through an in-process scheduler node%n",
        nextDay, incoming);
    out.flush();
    NodeSettings settings =
        NodeSettings.defaults(Role.ALL).withCron(null, NodeSettings.DEFAULT_ZONE);
    QuartzNode node =
        SchedulerCommand.node(
            database,
            options.config().home(),
            settings,
            TradingCalendar.DEFAULT_EXCHANGE,
            (from, to) -> List.of(new CsvPathSource(incoming)),
            sparkOptions.settings(options),
            out);
    node.start();
    try {
      long chain = node.driver().start(ChainRequest.nightly(nextDay, Trigger.SCHEDULE), nextDay);
      JobAudit audit = new JobAudit(database, "demo", Duration.ZERO);
      long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
      while ("running".equals(audit.chain(chain).status())) {
        if (System.nanoTime() > deadline) {
          throw new PipelineException(
              "the nightly chain " + chain + " did not finish within 15 minutes; see the log");
        }
        sleep(Duration.ofMillis(200));
      }
    } finally {
      node.shutdown(true);
    }
    out.println("\n10. ./stockpipe status");
    out.print(new ClusterStatus(database.dataSource()).report());
    return nextDay;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PipelineException("interrupted while waiting for the nightly chain", e);
    }
  }

  /** One row per model judged on {@code test}: the metrics an analyst compares first. */
  static String comparison(DateRange test) {
    return "SELECT model_name, model_kind AS kind,"
        + metric("rank_ic_mean", "rank_ic")
        + metric("rank_ic_t_stat", "t")
        + metric("ic_mean", "ic")
        + metric("directional_accuracy", "direction")
        + metric("top_decile_hit_rate", "top_hit")
        + metric("long_short_mean_return", "long_short")
        + metric("shuffled_label_rank_ic_mean", "shuffled_ric").replaceAll(",$", "")
        + " FROM model_evaluation WHERE test_from = '"
        + test.from()
        + "' AND test_to = '"
        + test.to()
        + "' AND label = 'next_return_1d'"
        + " GROUP BY 1, 2 ORDER BY 3 DESC NULLS LAST, 1";
  }

  private static String metric(String metric, String column) {
    return " round(max(value) FILTER (WHERE metric = '"
        + metric
        + "')::numeric, 4) AS "
        + column
        + ",";
  }

  private String describe(Database.Mode mode) {
    return switch (mode) {
      case EXTERNAL -> "external server";
      case EMBEDDED -> "embedded server, password in " + options.config().home().resolve("pgpass");
    };
  }
}
