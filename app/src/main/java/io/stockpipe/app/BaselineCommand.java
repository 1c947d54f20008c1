package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.model.baseline.BaselineRequest;
import io.stockpipe.model.baseline.BaselineService;
import io.stockpipe.model.baseline.BaselineSummary;
import io.stockpipe.model.baseline.Tuning;
import io.stockpipe.model.network.Target;
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

/** {@code stockpipe baseline}: naive and MLlib baselines, judged on dates they never saw. */
@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate naive baselines (zero, momentum, mean reversion) and MLlib linear regression and"
          + " GBT on feature_row/label_row; results go to model_evaluation. Hyper-parameters are"
          + " chosen on the last 20%% of the training dates, never on the test dates.",
      "  ./stockpipe baseline --train-from 2013-02-08 --train-to 2016-12-30"
          + " --test-from 2017-01-03 --test-to 2018-02-07"
    })
public final class BaselineCommand implements Runnable {
  @Mixin DatabaseOptions options;
  @Mixin SparkOptions sparkOptions;
  @Spec CommandSpec spec;

  @Option(names = "--train-from", required = true, paramLabel = "YYYY-MM-DD")
  LocalDate trainFrom;

  @Option(names = "--train-to", required = true, paramLabel = "YYYY-MM-DD")
  LocalDate trainTo;

  @Option(names = "--test-from", required = true, paramLabel = "YYYY-MM-DD")
  LocalDate testFrom;

  @Option(names = "--test-to", required = true, paramLabel = "YYYY-MM-DD")
  LocalDate testTo;

  @Option(
      names = "--feature-set",
      paramLabel = "VERSION",
      description = "feature_set version (default: the newest without normalisation)")
  String featureSet;

  @Option(
      names = "--target",
      paramLabel = "regression|rank|zscore",
      description =
          "what the MLlib regressors learn: the label (default), its rank among the date's"
              + " symbols in [-0.5, 0.5], or its z-score within the date; judged on the raw return"
              + " either way (the naive rules have no target)")
  String target;

  @Option(names = "--gbt-depths", split = ",", description = "GBT tree depths to try (default 3,5)")
  List<Integer> gbtDepths;

  @Option(names = "--gbt-trees", split = ",", description = "GBT tree counts to try (default 50)")
  List<Integer> gbtTrees;

  @Override
  public void run() {
    BaselineRequest request =
        request(trainFrom, trainTo, testFrom, testTo, gbtDepths, gbtTrees)
            .withFeatureSet(featureSet)
            .withSpark(sparkOptions.settings(options))
            .withTarget(target == null ? Target.REGRESSION : Target.parse(target));
    try (Database database = options.openMigrated()) {
      CommandAudit.run(
          database, spec, () -> evaluate(database, options, request, spec.commandLine().getOut()));
    } finally {
      SparkSessions.stop();
    }
  }

  static BaselineRequest request(
      LocalDate trainFrom,
      LocalDate trainTo,
      LocalDate testFrom,
      LocalDate testTo,
      List<Integer> gbtDepths,
      List<Integer> gbtTrees) {
    BaselineRequest request = BaselineRequest.of(trainFrom, trainTo, testFrom, testTo);
    Tuning tuning = request.tuning();
    return request.withTuning(
        new Tuning(
            tuning.validationFraction(),
            tuning.linearRegParams(),
            gbtDepths == null ? tuning.gbtMaxDepths() : gbtDepths,
            gbtTrees == null ? tuning.gbtMaxIterations() : gbtTrees,
            tuning.gbtStepSize()));
  }

  static BaselineSummary evaluate(
      Database database, DatabaseOptions options, BaselineRequest request, PrintWriter out) {
    out.println("baselines: train " + request.training() + ", test " + request.test());
    out.flush();
    BaselineSummary summary =
        new BaselineService(database, JdbcEndpoint.of(database))
            .evaluate(request, Progress.terminal("baseline", 0, "models"));
    out.print(summary.table());
    out.flush();
    return summary;
  }
}
