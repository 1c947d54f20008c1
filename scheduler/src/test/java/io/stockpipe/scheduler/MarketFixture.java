package io.stockpipe.scheduler;

import io.stockpipe.db.Database;
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
import io.stockpipe.spark.JdbcEndpoint;
import io.stockpipe.spark.SparkSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

/**
 * A synthetic market of 15 symbols over 2023 in which the database holds the bars before a given
 * date, with their features and an active model trained on them; the later bars wait in {@link
 * #full()}, the configured source, for the chain to ingest.
 */
public record MarketFixture(Path full, RegisteredModel model) {
  public static final LocalDate FIRST = LocalDate.of(2023, 1, 2);
  public static final LocalDate LAST = LocalDate.of(2023, 12, 29);
  public static final SparkSettings SPARK = SparkSettings.defaults().withMaster("local[2]");

  public static MarketFixture prepare(Database database, Path dir, LocalDate arrivesFrom)
      throws Exception {
    Path full = dir.resolve("full");
    new SampleDataGenerator(3, 15, FIRST, LAST).write(full, false);
    Path history = copyWithout(full, dir.resolve("history"), arrivesFrom);
    new IngestService(database.dataSource(), Clock.systemUTC())
        .ingest(new CsvPathSource(history), IngestOptions.defaults(), Progress.silent());
    new FeatureService(database.dataSource(), JdbcEndpoint.of(database))
        .build(FeatureRequest.all().withSpark(SPARK), Progress.silent());
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
    return new MarketFixture(full, new ModelRegistry(database).promote(model.id()));
  }

  /** The source the chain's ingest step reads: every bar of the market. */
  public SourcesForDate sources() {
    return (from, to) -> List.of(new CsvPathSource(full));
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
