package io.stockpipe.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The root command; its subcommands are stockpipe's capabilities. */
@Command(
    name = "stockpipe",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Batch pipeline that predicts daily stock returns.",
    subcommands = {
      DemoCommand.class,
      IngestCommand.class,
      FeaturesCommand.class,
      BaselineCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      RetrainCommand.class,
      PredictCommand.class,
      ReportCommand.class,
      RunCommand.class,
      BackfillCommand.class,
      SchedulerCommand.class,
      StatusCommand.Status.class,
      StatusCommand.Runs.class,
      ModelCommand.class,
      QueryCommand.class,
      DbCommand.class,
      HelpCommand.class
    },
    footer = {
      "",
      "Database: the embedded PostgreSQL under --home, or an external one (STOCKPIPE_DB_URL).",
      "Exit codes: 0 ok, 1 failed, 2 bad usage or input, 3 done but some files were refused."
    })
public final class StockpipeCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
