package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@ExtendWith(PostgresExtension.class)
class CliTest {
  @TempDir Path dir;

  private static String db() {
    return "--db-url=" + TestDatabase.jdbcUrl();
  }

  /**
   * On an external server {@code --read-only} logs in as a member of stockpipe_reader, named in
   * stockpipe.yaml (or STOCKPIPE_DB_READER_USER/_PASSWORD).
   */
  private String reader() throws IOException {
    Path file = dir.resolve("reader.yaml");
    Files.writeString(
        file,
        "database:\n  reader_user: stockpipe_reader\n  reader_password: "
            + TestDatabase.readerPassword()
            + "\n");
    return "--config=" + file;
  }

  @Test
  void helpListsEveryCommand() {
    Cli help = Cli.run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("demo", "ingest", "query", "db", "Exit codes");
    assertThat(Cli.run("db", "--help").out())
        .contains("start", "stop", "status", "migrate", "info");
  }

  /**
   * picocli formats descriptions as format strings: a lone {@code %} ("20% of") makes it print a
   * warning above the help and show the text unformatted.
   */
  @Test
  void everyHelpRendersWithoutPicocliWarnings() {
    PrintStream original = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    List<String> rendered = new ArrayList<>();
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      renderHelp(Main.commandLine(), rendered);
    } finally {
      System.setErr(original);
    }
    assertThat(rendered).contains("stockpipe train", "stockpipe baseline", "stockpipe db start");
    assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
  }

  private static void renderHelp(CommandLine command, List<String> rendered) {
    command.getUsageMessage();
    rendered.add(command.getCommandSpec().qualifiedName());
    command.getSubcommands().values().forEach(sub -> renderHelp(sub, rendered));
  }

  @Test
  void ingestThenQueryAsTableAndCsv(Database database) throws IOException {
    Files.writeString(
        dir.resolve("ACME.csv"),
        "date,open,high,low,close,volume\n2024-01-02,10,11,9,10.5,100\n2024-01-03,10,11,9,10.25,200\n");
    Cli ingest = Cli.run("ingest", db(), "--source", "csv:" + dir);
    assertThat(ingest.exitCode()).isZero();
    assertThat(ingest.out()).contains("succeeded: 1 files (0 refused), 2 rows read, 2 loaded");

    Cli csv =
        Cli.run(
            "query",
            db(),
            reader(),
            "--format",
            "csv",
            "--read-only",
            "SELECT symbol, trade_date, close FROM price_bar ORDER BY trade_date");
    assertThat(csv.out())
        .isEqualTo("symbol,trade_date,close\nACME,2024-01-02,10.5\nACME,2024-01-03,10.25\n");
    Cli table = Cli.run("query", db(), "SELECT count(*) AS bars FROM price_bar");
    assertThat(table.out()).isEqualTo(" bars\n------\n    2\n(1 row)\n");
  }

  @Test
  void exitCodesTellPartialStrictAndBadInputApart() throws IOException {
    Files.writeString(
        dir.resolve("GOOD.csv"), "date,open,high,low,close,volume\n2024-01-02,1,2,1,1.5,1\n");
    Files.writeString(dir.resolve("EMPTY.csv"), "");
    Cli partial = Cli.run("ingest", db(), "--source", "csv:" + dir);
    assertThat(partial.exitCode()).isEqualTo(Main.EXIT_PARTIAL);
    assertThat(partial.out()).contains("EMPTY.csv: the file is empty [FILE_EMPTY]");

    Cli strict = Cli.run("ingest", db(), "--strict", "--source", "csv:" + dir);
    assertThat(strict.exitCode()).isEqualTo(Main.EXIT_FAILED);

    Cli badSource = Cli.run("ingest", db(), "--source", "ftp:" + dir);
    assertThat(badSource.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(badSource.err()).contains("--source must be csv:PATH or http:URL, was 'ftp:");

    Cli missing = Cli.run("ingest", db(), "--source", "csv:" + dir.resolve("nope"));
    assertThat(missing.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(missing.err()).contains("nope does not exist");

    Cli badFormat = Cli.run("ingest", db(), "--format", "excel", "--source", "csv:" + dir);
    assertThat(badFormat.err()).contains("unknown format 'excel'");
  }

  @Test
  void httpLimitsFromTheCommandLineReachTheSource() {
    Cli noBytes = ingestHttp("--http-max-bytes", "0");
    assertThat(noBytes.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(noBytes.err()).contains("--http-max-bytes) must be positive, was 0");

    Cli negativeWait = ingestHttp("--http-max-retry-after-s", "-1");
    assertThat(negativeWait.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(negativeWait.err()).contains("--http-max-retry-after-s) must not be negative");

    assertThat(Cli.run("ingest", "--help").out())
        .contains("--http-follow-redirects", "--http-max-bytes", "--http-max-retry-after-s");
  }

  /** Refused while the settings are built, before any request or database connection. */
  private static Cli ingestHttp(String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "ingest",
                db(),
                "--source",
                "http:http://127.0.0.1:9/q/d/l/",
                "--symbols",
                "AAPL",
                "--from",
                "2024-01-02",
                "--to",
                "2024-01-05"));
    args.addAll(List.of(flags));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void aLinkOutOfTheSourceIsRefusedUnlessFollowLinksIsGiven() throws IOException {
    Path source = Files.createDirectories(dir.resolve("prices"));
    Path outside = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(
        outside.resolve("ACME.csv"), "date,open,high,low,close,volume\n2024-01-02,1,2,1,1.5,1\n");
    Files.createSymbolicLink(source.resolve("ACME.csv"), outside.resolve("ACME.csv"));

    Cli refused = Cli.run("ingest", db(), "--source", "csv:" + source);
    assertThat(refused.exitCode()).isEqualTo(Main.EXIT_PARTIAL);
    assertThat(refused.out())
        .contains("ACME.csv is a symbolic link to ", "[FILE_LINK_OUTSIDE_SOURCE]");

    Cli followed = Cli.run("ingest", db(), "--follow-links", "--source", "csv:" + source);
    assertThat(followed.exitCode()).isZero();
    assertThat(followed.out()).contains("1 files (0 refused), 1 rows read, 1 loaded");
  }

  @Test
  void trainRefusesATuningItCannotDoBeforeTrainingAnything() {
    Cli seed = trainDenseTuning("seed=1,2");
    assertThat(seed.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(seed.err()).contains("--tune seed=1,2: can tune [batch-size, conv-channels");

    Cli cnnOnly = trainDenseTuning("kernel-size=3,5");
    assertThat(cnnOnly.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(cnnOnly.err()).contains("--tune kernel-size is for --model cnn only");
  }

  @Test
  void aLeakCheckWithoutShufflesIsRefusedBeforeAnythingIsRead() {
    Cli train = trainDense("--walk-forward", "3m", "--leak-shuffles", "0");
    assertThat(train.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(train.err()).contains("--leak-shuffles must be 1..20, was 0");
    Cli withoutFolds = trainDense("--leak-shuffles", "3");
    assertThat(withoutFolds.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(withoutFolds.err()).contains("--leak-shuffles is for --walk-forward");

    Cli evaluate =
        Cli.run(
            "evaluate",
            db(),
            "--model",
            "1",
            "--from",
            "2020-01-01",
            "--to",
            "2020-12-31",
            "--leak-shuffles",
            "21");
    assertThat(evaluate.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(evaluate.err()).contains("--leak-shuffles must be 1..20, was 21");
  }

  @Test
  void anUnknownFeatureSetNamesTheOnesThereAre() {
    Cli features = Cli.run("features", db(), "--all", "--feature-set", "v3");
    assertThat(features.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(features.err()).contains("unknown feature set 'v3'", "[v1, v2]");
  }

  @Test
  void badTargetsInputsAndEnsemblesNameTheirChoices() {
    Cli target = trainDense("--target", "percentile");
    assertThat(target.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(target.err()).contains("unknown --target 'percentile'", "rank", "zscore");
    Cli inputs = trainDense("--inputs", "minmax");
    assertThat(inputs.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(inputs.err()).contains("unknown --inputs 'minmax'", "robust");
    Cli ensemble = trainDense("--ensemble", "0");
    assertThat(ensemble.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(ensemble.err()).contains("--ensemble must be 1..16, was 0");
    Cli baseline =
        Cli.run(
            "baseline",
            db(),
            "--train-from",
            "2020-01-01",
            "--train-to",
            "2020-06-30",
            "--test-from",
            "2020-07-01",
            "--test-to",
            "2020-12-31",
            "--target",
            "sign");
    assertThat(baseline.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(baseline.err()).contains("--target sign is for the networks");
  }

  @Test
  void aBlendRefusesWhatItCannotBeBeforeAnythingIsRead() {
    Cli walkForward = trainBlend("--walk-forward", "3m");
    assertThat(walkForward.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(walkForward.err())
        .startsWith("error: --model blend trains one model on --from..--to and cannot")
        .contains("train --model dense or cnn for that");
    assertThat(walkForward.err().strip().lines()).hasSize(1);
    assertThat(trainBlend("--tune", "dropout=0,0.1").err()).contains("--model blend cannot --tune");
    assertThat(trainBlend("--ensemble", "3").err()).contains("--model blend cannot --ensemble");
    Cli sign = trainBlend("--target", "sign");
    assertThat(sign.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(sign.err()).contains("cannot learn --target sign", "--target regression, rank");
  }

  private static Cli trainBlend(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train", db(), "--model", "blend", "--from", "2020-01-01", "--to", "2020-12-31"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static Cli trainDenseTuning(String tune) {
    return trainDense("--tune", tune);
  }

  /** {@code train} of a dense model on 2020, with {@code more} options. */
  private static Cli trainDense(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train", db(), "--model", "dense", "--from", "2020-01-01", "--to", "2020-12-31"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void readOnlyQueriesCannotWrite() throws IOException {
    Cli refused = Cli.run("query", db(), reader(), "--read-only", "DELETE FROM price_bar");
    assertThat(refused.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(refused.err()).contains("read-only transaction");

    Cli noReader = Cli.run("query", db(), "--read-only", "SELECT 1");
    assertThat(noReader.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(noReader.err())
        .contains("STOCKPIPE_DB_READER_USER", "CREATE ROLE alice LOGIN PASSWORD");
  }

  @Test
  void dbInfoAndStatusOfAnExternalDatabase() {
    assertThat(Cli.run("db", "info", db()).out()).contains("prices and ingest", "Success");
    Cli status = Cli.run("db", "status", db(), "--db-password", "hunter2");
    assertThat(status.out()).contains("reachable, schema version").contains("password=***");
    assertThat(status.out()).doesNotContain("hunter2");
    assertThat(Cli.run("db", "start", db()).err()).contains("manages the embedded server");
  }
}
