package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.features.FeatureRequest;
import io.stockpipe.features.FeatureService;
import io.stockpipe.features.FeatureSummary;
import io.stockpipe.features.Normalisation;
import io.stockpipe.features.registry.FeatureRegistry;
import io.stockpipe.progress.Progress;
import io.stockpipe.spark.JdbcEndpoint;
import io.stockpipe.spark.SparkSessions;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stockpipe features}: build feature_row and label_row from price_bar with Spark. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
      "Build point-in-time features (feature_row) and labels (label_row) from price_bar with"
          + " Spark. Rebuilding any range gives the same rows.",
      "  ./stockpipe features --all",
      "  ./stockpipe features --all --feature-set v2",
      "  ./stockpipe features --from 2024-06-03 --to 2024-06-07 --symbols AAPL,MSFT"
    })
public final class FeaturesCommand implements Runnable {
  @Mixin DatabaseOptions options;
  @Mixin SparkOptions sparkOptions;
  @Spec CommandSpec spec;

  @Option(names = "--all", description = "every date of every symbol (a full rebuild)")
  boolean all;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "first date to (re)build")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "last date to (re)build")
  LocalDate to;

  @Option(
      names = "--symbols",
      split = ",",
      paramLabel = "TICKER",
      description = "only these symbols (default: all)")
  List<String> symbols = List.of();

  @Option(
      names = "--normalise",
      defaultValue = "none",
      paramLabel = "none|rank|zscore",
      description = "cross-sectional normalisation per date; default ${DEFAULT-VALUE}")
  String normalisation;

  @Option(
      names = "--feature-set",
      paramLabel = "v1|v2",
      description =
          "which feature set to build (v2: v1 and the Alpha158 families and market-relative"
              + " features); default "
              + "${DEFAULT-VALUE}")
  String featureSet = FeatureRegistry.DEFAULT.name();

  @Override
  public void run() {
    if (all == (from != null || to != null)) {
      throw new BadInputException("give either --all or --from and --to");
    }
    FeatureRequest request =
        (all ? FeatureRequest.all() : FeatureRequest.between(from, to))
            .withSymbols(symbols)
            .withNormalisation(Normalisation.parse(normalisation))
            .withSpark(sparkOptions.settings(options));
    FeatureRegistry registry = FeatureRegistry.named(featureSet);
    try (Database database = options.openMigrated()) {
      CommandAudit.run(
          database, spec, () -> build(database, registry, request, spec.commandLine().getOut()));
    } finally {
      SparkSessions.stop();
    }
  }

  static FeatureSummary build(
      Database database, DatabaseOptions options, FeatureRequest request, PrintWriter out) {
    return build(database, FeatureRegistry.DEFAULT, request, out);
  }

  static FeatureSummary build(
      Database database, FeatureRegistry registry, FeatureRequest request, PrintWriter out) {
    out.println(
        "features "
            + registry.name()
            + ", "
            + request.describe()
            + " into "
            + database.displayUrl());
    out.flush();
    FeatureSummary summary =
        new FeatureService(database.dataSource(), JdbcEndpoint.of(database), registry)
            .build(request, Progress.terminal("features", 0, "steps"));
    out.println(summary.describe());
    out.flush();
    return summary;
  }
}
