package io.stockpipe.features;

import io.stockpipe.errors.PipelineException;
import io.stockpipe.features.labels.LabelDefinition;
import io.stockpipe.features.registry.FeatureRegistry;
import io.stockpipe.features.spark.BarWindow;
import io.stockpipe.features.spark.CrossSection;
import io.stockpipe.features.spark.FeaturePlan;
import io.stockpipe.features.spark.PriceBarReader;
import io.stockpipe.features.spark.StagingWriter;
import io.stockpipe.features.store.BuildTarget;
import io.stockpipe.features.store.FeatureSetRecord;
import io.stockpipe.features.store.FeatureStore;
import io.stockpipe.features.store.MergeResult;
import io.stockpipe.features.store.WriteScope;
import io.stockpipe.progress.Progress;
import io.stockpipe.spark.JdbcEndpoint;
import io.stockpipe.spark.SparkSessions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds feature_row and label_row from price_bar: the one service method behind {@code stockpipe
 * features} and the scheduled feature job.
 *
 * <p>Steps: read the requested bars plus each symbol's look-back (and the labels' look-ahead) from
 * PostgreSQL into Spark; compute the registry's window features and the labels; keep the requested
 * dates; optionally normalise across symbols per date; write them to staging tables (a build of
 * every date and symbol: fresh tables that replace whole partitions); replace the requested rows in
 * one transaction. Rebuilding any range gives the same rows.
 */
public final class FeatureService {
  private static final Logger log = LoggerFactory.getLogger(FeatureService.class);
  private static final int STEPS = 4;

  private final DataSource dataSource;
  private final JdbcEndpoint endpoint;
  private final FeatureRegistry registry;

  public FeatureService(DataSource dataSource, JdbcEndpoint endpoint) {
    this(dataSource, endpoint, FeatureRegistry.DEFAULT);
  }

  public FeatureService(DataSource dataSource, JdbcEndpoint endpoint, FeatureRegistry registry) {
    this.dataSource = dataSource;
    this.endpoint = endpoint;
    this.registry = registry;
  }

  /** The version a build with {@code normalisation} writes, e.g. {@code v1-3f9a0c21b7de-rank}. */
  public String featureSetVersion(Normalisation normalisation) {
    return registry.version() + normalisation.versionSuffix();
  }

  public FeatureSummary build(FeatureRequest request, Progress progress) {
    long startNanos = System.nanoTime();
    String version = featureSetVersion(request.normalisation());
    String buildId = UUID.randomUUID().toString();
    log.info("feature build {} of {}: {}", buildId, version, request.describe());
    progress.total(STEPS);
    FeatureStore store = new FeatureStore(dataSource);
    WriteScope scope = new WriteScope(request.from(), request.to(), request.symbols());
    BuildTarget target = null;
    try {
      SparkSession spark = SparkSessions.getOrCreate(request.spark());
      BarWindow window =
          new BarWindow(
              request.from(),
              request.to(),
              request.symbols(),
              registry.maxWindowRows() - 1,
              LabelDefinition.maxHorizonRows());
      Dataset<Row> bars =
          new PriceBarReader(endpoint, request.spark().readPartitions())
              .readFor(spark, window, registry);
      FeaturePlan plan = new FeaturePlan(registry);
      Dataset<Row> computed = plan.compute(bars).persist(StorageLevel.MEMORY_AND_DISK());
      long stagedNanos;
      long labelsNanos;
      try {
        target = store.open(buildId, version, scope);
        progress.advance(1, 0);
        StagingWriter staging = new StagingWriter(endpoint);
        staging.append(featureRows(computed, plan, request, target), target.featureTable());
        stagedNanos = System.nanoTime();
        progress.advance(1, 0);
        staging.append(labelRows(computed, request, target), target.labelTable());
        labelsNanos = System.nanoTime();
        progress.advance(1, 0);
      } finally {
        computed.unpersist();
      }
      MergeResult merged =
          store.commit(
              target,
              new FeatureSetRecord(
                  version,
                  registry.hash(),
                  request.normalisation().label(),
                  registry.featureNames(),
                  registry.canonicalText()),
              scope);
      progress.advance(1, merged.featureRows());
      log.info(
          "build {}: read, compute and write features to {} {} ms, labels to {} {} ms, commit {} ms",
          buildId,
          target.featureTable(),
          (stagedNanos - startNanos) / 1_000_000,
          target.labelTable(),
          (labelsNanos - stagedNanos) / 1_000_000,
          (System.nanoTime() - labelsNanos) / 1_000_000);
      FeatureSummary summary =
          new FeatureSummary(
              version,
              registry.hash(),
              merged.featureRows(),
              merged.labelRows(),
              merged.symbols(),
              merged.firstDate(),
              merged.lastDate(),
              Duration.ofNanos(System.nanoTime() - startNanos));
      log.info("{}", summary.describe());
      return summary;
    } catch (PipelineException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new PipelineException(
          "feature build of " + version + " (" + request.describe() + ") failed: " + e.getMessage(),
          e);
    } finally {
      progress.finish();
      try {
        store.discard(buildId, target);
      } catch (PipelineException e) {
        log.warn("{}", e.getMessage());
      }
    }
  }

  private Dataset<Row> featureRows(
      Dataset<Row> computed, FeaturePlan plan, FeatureRequest request, BuildTarget target) {
    Dataset<Row> requested =
        request.isAll()
            ? computed
            : computed.where(
                functions
                    .col("trade_date")
                    .between(functions.lit(request.from()), functions.lit(request.to())));
    Dataset<Row> normalised =
        CrossSection.normalise(requested, registry.featureNames(), request.normalisation());
    return normalised.select(
        functions.lit(target.featureKeyValue()).as(target.featureKeyColumn()),
        functions.col("symbol"),
        functions.col("trade_date"),
        plan.featureArray());
  }

  /**
   * Labels of the requested dates, and of the few rows before {@code from} whose forward window
   * reaches into the range: their labels were NULL or stale until these bars existed.
   */
  private static Dataset<Row> labelRows(
      Dataset<Row> computed, FeatureRequest request, BuildTarget target) {
    Dataset<Row> requested =
        request.isAll()
            ? computed
            : computed.where(
                functions
                    .col("trade_date")
                    .leq(functions.lit(request.to()))
                    .and(functions.col("labels_reach").geq(functions.lit(request.from()))));
    List<Column> columns = new ArrayList<>();
    if (!target.replacesAll()) {
      columns.add(functions.lit(target.buildId()).as("build_id"));
    }
    columns.add(functions.col("symbol"));
    columns.add(functions.col("trade_date"));
    for (LabelDefinition label : LabelDefinition.ALL) {
      columns.add(functions.col(label.column()));
    }
    return requested.select(columns.toArray(Column[]::new));
  }
}
