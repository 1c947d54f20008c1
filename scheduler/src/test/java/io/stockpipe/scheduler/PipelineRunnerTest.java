package io.stockpipe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.features.FeatureRequest;
import io.stockpipe.features.FeatureService;
import io.stockpipe.ingest.IngestOptions;
import io.stockpipe.ingest.IngestService;
import io.stockpipe.ingest.csv.CsvPathSource;
import io.stockpipe.ingest.sample.SampleDataGenerator;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.data.SymbolScope;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.registry.ModelRegistry;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.model.training.TrainRequest;
import io.stockpipe.model.training.TrainService;
import io.stockpipe.progress.Progress;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.spark.JdbcEndpoint;
import io.stockpipe.spark.SparkSessions;
import io.stockpipe.spark.SparkSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain of a business date against real PostgreSQL, Spark and DL4J: a market whose last two
 * days arrive through the configured source, a model trained before them, and the audit of every
 * step.
 */
@ExtendWith(PostgresExtension.class)
class PipelineRunnerTest {
  private static final LocalDate FIRST = LocalDate.of(2023, 1, 2);
  private static final LocalDate LAST = LocalDate.of(2023, 12, 29);
  private static final LocalDate DAY_BEFORE = LocalDate.of(2023, 12, 28);
  private static final SparkSettings SPARK = SparkSettings.defaults().withMaster("local[2]");

  @TempDir Path dir;

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  @Test
  void theNightlyChainIngestsBuildsPredictsAndScoresEachDateOnce(Database database)
      throws Exception {
    Path full = dir.resolve("full");
    new SampleDataGenerator(3, 15, FIRST, LAST).write(full, false);
    Path history = copyWithout(full, dir.resolve("history"), DAY_BEFORE);
    new IngestService(database.dataSource(), Clock.systemUTC())
        .ingest(new CsvPathSource(history), IngestOptions.defaults(), Progress.silent());
    new FeatureService(database.dataSource(), JdbcEndpoint.of(database))
        .build(FeatureRequest.all().withSpark(SPARK), Progress.silent());
    RegisteredModel model = trainAndPromote(database);

    List<String> lines = new ArrayList<>();
    PipelineRunner runner = runner(database, (from, to) -> List.of(new CsvPathSource(full)), lines);
    ChainResult before = runner.run(ChainRequest.nightly(DAY_BEFORE, Trigger.SCHEDULE));
    ChainResult last = runner.run(ChainRequest.nightly(LAST, Trigger.SCHEDULE));

    assertThat(before.succeeded()).as(String.join("\n", lines)).isTrue();
    assertThat(last.succeeded()).isTrue();
    assertThat(last.steps().get(Step.INGEST).status()).isEqualTo(StepResult.Status.SUCCEEDED);
    assertThat(last.steps().get(Step.FEATURES).rows()).isEqualTo(15);
    assertThat(last.steps().get(Step.PREDICT).rows()).isEqualTo(15);
    assertThat(last.steps().get(Step.REPORT).status()).isEqualTo(StepResult.Status.SKIPPED);
    QueryRunner sql = QueryRunner.asOwner(database.dataSource());
    assertThat(
            sql.run(
                    "SELECT business_date, step, status, attempt, triggered_by FROM job_run"
                        + " ORDER BY id")
                .rows())
        .containsExactly(
            List.of("2023-12-28", "ingest", "succeeded", "1", "schedule"),
            List.of("2023-12-28", "features", "succeeded", "1", "schedule"),
            List.of("2023-12-28", "predict", "succeeded", "1", "schedule"),
            List.of("2023-12-28", "score", "skipped", "1", "schedule"),
            List.of("2023-12-28", "report", "skipped", "1", "schedule"),
            List.of("2023-12-29", "ingest", "succeeded", "1", "schedule"),
            List.of("2023-12-29", "features", "succeeded", "1", "schedule"),
            List.of("2023-12-29", "predict", "succeeded", "1", "schedule"),
            List.of("2023-12-29", "score", "succeeded", "1", "schedule"),
            List.of("2023-12-29", "report", "skipped", "1", "schedule"));
    // The 28th's predictions are scored once the 29th's closes are in.
    assertThat(
            sql.run("SELECT model_id, as_of_date, target_date, symbols FROM model_score_daily")
                .rows())
        .containsExactly(List.of("" + model.id(), "2023-12-28", "2023-12-29", "15"));
    assertThat(sql.run("SELECT status FROM job_chain ORDER BY id").rows())
        .containsExactly(List.of("succeeded"), List.of("succeeded"));

    // A rerun of the date converges: the same predictions and scores, one more chain in the audit.
    String snapshot =
        "SELECT count(*), sum(score), (SELECT sum(rank_ic) FROM model_score_daily) FROM prediction";
    List<List<String>> rowsBefore = sql.run(snapshot).rows();
    assertThat(runner.run(ChainRequest.nightly(LAST, Trigger.OPERATOR)).succeeded()).isTrue();
    assertThat(sql.run(snapshot).rows()).isEqualTo(rowsBefore);
  }

  @Test
  void aFailedStepStopsTheDatesChainWithItsReasonAndTheRestAreSkipped(Database database) {
    Path missing = dir.resolve("no-such-directory");
    List<String> lines = new ArrayList<>();
    ChainResult result =
        runner(database, (from, to) -> List.of(new CsvPathSource(missing)), lines)
            .run(ChainRequest.nightly(LAST, Trigger.SCHEDULE));

    assertThat(result.succeeded()).isFalse();
    assertThat(result.steps().get(Step.INGEST).message()).contains("no-such-directory");
    List<List<String>> runs =
        QueryRunner.asOwner(database.dataSource())
            .run("SELECT step, status, message FROM job_run ORDER BY id")
            .rows();
    assertThat(runs.get(0).subList(0, 2)).containsExactly("ingest", "failed");
    assertThat(runs.subList(1, 5))
        .allSatisfy(
            row ->
                assertThat(row.subList(1, 3))
                    .containsExactly("skipped", "not run: ingest failed for 2023-12-29"));
    assertThat(
            QueryRunner.asOwner(database.dataSource())
                .run("SELECT status, message LIKE 'ingest: %' FROM job_chain")
                .rows())
        .containsExactly(List.of("failed", "t"));
  }

  @Test
  void aLeaseHeldElsewhereIsWaitedForThenRetriedWithBackoff(Database database) throws Exception {
    List<String> lines = new ArrayList<>();
    PipelineRunner runner =
        new PipelineRunner(
            steps(database, SourcesForDate.NONE),
            new JobAudit(database, "test-node", Duration.ofMillis(300)),
            new RetryPolicy(2, Duration.ofMillis(10)),
            lines::add);
    try (Connection other = database.dataSource().getConnection();
        PreparedStatement lease = other.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
      lease.setInt(1, 0x5354_4b55);
      lease.setInt(2, Math.toIntExact(LAST.toEpochDay() * 8 + Step.SCORE.ordinal()));
      lease.execute();

      StepResult result = runner.runStep(null, null, Step.SCORE, LAST, LAST, Trigger.BACKFILL);

      assertThat(result.failed()).isTrue();
      assertThat(result.message()).contains("lease of score for 2023-12-29 is held by");
    }
    assertThat(lines).anyMatch(line -> line.contains("retrying score"));
    StepResult free = runner.runStep(null, null, Step.SCORE, LAST, LAST, Trigger.BACKFILL);
    assertThat(free.status()).isEqualTo(StepResult.Status.SKIPPED);
  }

  private static PipelineRunner runner(
      Database database, SourcesForDate sources, List<String> lines) {
    return new PipelineRunner(
        steps(database, sources),
        new JobAudit(database, "test-node", Duration.ofSeconds(5)),
        RetryPolicy.NONE,
        lines::add);
  }

  private static PipelineSteps steps(Database database, SourcesForDate sources) {
    return new PipelineSteps(database, sources, SPARK, ReportStep.NONE, Progress.Factory.SILENT);
  }

  private static RegisteredModel trainAndPromote(Database database) {
    TrainRequest request =
        new TrainRequest(
            NetworkConfig.defaults(Architecture.DENSE).withMaxEpochs(2),
            Label.NEXT_RETURN_1D,
            null,
            new DateRange(FIRST, LocalDate.of(2023, 11, 30)),
            null,
            SymbolScope.ALL,
            0);
    RegisteredModel model =
        new TrainService(database).train(request, Progress.Factory.SILENT).folds().get(0).model();
    return new ModelRegistry(database).promote(model.id());
  }

  /** The files of {@code source} without their bars from {@code from} on. */
  private static Path copyWithout(Path source, Path target, LocalDate from) throws Exception {
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        List<String> kept =
            Files.readAllLines(file).stream()
                .filter(line -> line.startsWith("date") || line.compareTo(from.toString()) < 0)
                .toList();
        Files.write(target.resolve(file.getFileName()), kept);
      }
    }
    return target;
  }
}
