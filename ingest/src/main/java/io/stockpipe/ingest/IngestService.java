package io.stockpipe.ingest;

import io.stockpipe.errors.PipelineException;
import io.stockpipe.ingest.csv.CsvFileParser;
import io.stockpipe.ingest.load.BatchDispatcher;
import io.stockpipe.ingest.load.BatchProducer;
import io.stockpipe.ingest.load.IngestRunLog;
import io.stockpipe.ingest.load.LoadBatch;
import io.stockpipe.ingest.load.PriceBarLoader;
import io.stockpipe.ingest.validation.FieldParser;
import io.stockpipe.ingest.validation.RejectRule;
import io.stockpipe.progress.Progress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests one {@link PriceSource} into {@code price_bar}: the one service method behind {@code
 * stockpipe ingest} and the scheduled ingest job.
 *
 * <p>Each batch of whole files is one transaction (bars, rejects, run counters), so a killed
 * process leaves no half-loaded file and a rerun converges. With {@code strict}, the whole run is
 * one transaction that is rolled back on the first reject.
 */
public final class IngestService {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);
  private static final int REJECTS_SHOWN = 10;

  private final DataSource dataSource;
  private final Clock clock;

  public IngestService(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  public IngestSummary ingest(PriceSource source, IngestOptions options, Progress progress) {
    long startNanos = System.nanoTime();
    List<SourceFile> files = source.files();
    progress.total(files.size());
    CsvFileParser parser = new CsvFileParser(new FieldParser(clock), options.forcedLayouts());
    Totals totals = new Totals();
    try (IngestRunLog run = IngestRunLog.start(dataSource, source.describe(), options.strict())) {
      log.info("ingest run {}: {} files from {}", run.runId(), files.size(), source.describe());
      String status;
      String message;
      try {
        loadAll(files, parser, options, run.runId(), totals, progress);
        boolean anyReject = totals.rowsRejected + totals.filesRefused > 0;
        status =
            options.strict() && anyReject
                ? IngestSummary.FAILED
                : anyReject ? IngestSummary.COMPLETED_WITH_ERRORS : IngestSummary.SUCCEEDED;
        message =
            options.strict() && anyReject
                ? "strict: rejects found, nothing of this run was kept"
                : null;
      } catch (SQLException | RuntimeException e) {
        run.finish(
            IngestSummary.FAILED,
            String.valueOf(e.getMessage()),
            totals.files,
            totals.filesRefused,
            totals.rowsRead,
            0,
            0,
            totals.rowsRejected);
        throw e instanceof PipelineException pipeline
            ? pipeline
            : new PipelineException("ingest run " + run.runId() + " failed: " + e.getMessage(), e);
      } finally {
        progress.finish();
      }
      boolean kept = !IngestSummary.FAILED.equals(status);
      run.finish(
          status,
          message,
          totals.files,
          totals.filesRefused,
          totals.rowsRead,
          kept ? totals.rowsLoaded : 0,
          kept ? totals.rowsChanged : 0,
          totals.rowsRejected);
      IngestSummary summary =
          new IngestSummary(
              run.runId(),
              status,
              source.describe(),
              totals.files,
              totals.filesRefused,
              totals.rowsRead,
              kept ? totals.rowsLoaded : 0,
              kept ? totals.rowsChanged : 0,
              totals.rowsRejected,
              totals.rejectsByRule,
              totals.firstRejects,
              Duration.ofNanos(System.nanoTime() - startNanos));
      log.info("{}", summary.describe().strip());
      return summary;
    } catch (SQLException e) {
      throw new PipelineException(
          "ingest from " + source.describe() + " failed: " + e.getMessage(), e);
    }
  }

  private void loadAll(
      List<SourceFile> files,
      CsvFileParser parser,
      IngestOptions options,
      long runId,
      Totals totals,
      Progress progress)
      throws SQLException {
    BatchProducer producer = new BatchProducer(files, parser, options.batchRows(), runId);
    Thread parsing = new Thread(producer, "stockpipe-ingest-parse");
    parsing.setDaemon(true);
    parsing.start();
    try {
      if (options.strict()) {
        loadInOneTransaction(producer, runId, totals, progress);
      } else {
        loadInParallel(new BatchDispatcher(producer), options.loaders(), runId, totals, progress);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PipelineException("ingest interrupted", e);
    } finally {
      producer.cancel();
    }
  }

  /** Strict: everything in one transaction, rolled back (rejects kept) on the first reject. */
  private void loadInOneTransaction(
      BatchProducer producer, long runId, Totals totals, Progress progress)
      throws SQLException, InterruptedException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      PriceBarLoader loader = new PriceBarLoader(connection);
      List<Reject> rejects = new ArrayList<>();
      try {
        for (BatchProducer.Item item = producer.next(); !item.isEnd(); item = producer.next()) {
          if (item.failure() != null) {
            throw item.failure();
          }
          LoadBatch batch = item.batch();
          totals.add(batch);
          if (rejects.isEmpty() && batch.rejects().isEmpty()) {
            totals.addChanged(loader.load(batch, runId));
          } else {
            rejects.addAll(batch.rejects());
          }
          progress.advance(batch.files(), batch.rowsRead());
        }
        if (!rejects.isEmpty()) {
          connection.rollback();
          loader.insertRejects(rejects, runId);
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** Each batch its own transaction, on {@code loaders} connections at once. */
  private void loadInParallel(
      BatchDispatcher dispatcher, int loaders, long runId, Totals totals, Progress progress)
      throws SQLException, InterruptedException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            loaders,
            task -> {
              Thread thread = new Thread(task, "stockpipe-ingest-load");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (int i = 0; i < loaders; i++) {
        running.add(pool.submit(() -> loadBatches(dispatcher, runId, totals, progress)));
      }
      Throwable failure = null;
      for (Future<Void> loader : running) {
        try {
          loader.get();
        } catch (ExecutionException e) {
          dispatcher.abort();
          failure = failure == null ? e.getCause() : failure;
        }
      }
      if (failure instanceof SQLException sql) {
        throw sql;
      }
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failure != null) {
        throw new PipelineException("ingest failed: " + failure, failure);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Void loadBatches(BatchDispatcher dispatcher, long runId, Totals totals, Progress progress)
      throws SQLException, InterruptedException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      PriceBarLoader loader = new PriceBarLoader(connection);
      for (BatchDispatcher.Dispatched next = dispatcher.next();
          next != null;
          next = dispatcher.next()) {
        if (!dispatcher.awaitCommitted(next.waitFor())) {
          return null;
        }
        LoadBatch batch = next.batch();
        try {
          long changed = loader.load(batch, runId);
          connection.commit();
          totals.add(batch);
          totals.addChanged(changed);
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          dispatcher.abort();
          throw e;
        }
        dispatcher.committed(next.sequence());
        progress.advance(batch.files(), batch.rowsRead());
      }
      return null;
    }
  }

  /** Running totals over batches. */
  private static final class Totals {
    long files;
    long filesRefused;
    long rowsRead;
    long rowsLoaded;
    long rowsChanged;
    long rowsRejected;
    final Map<RejectRule, Long> rejectsByRule = new EnumMap<>(RejectRule.class);
    final List<Reject> firstRejects = new ArrayList<>();

    synchronized void addChanged(long changed) {
      rowsChanged += changed;
    }

    synchronized void add(LoadBatch batch) {
      files += batch.files();
      filesRefused += batch.filesRefused();
      rowsRead += batch.rowsRead();
      rowsLoaded += batch.bars();
      rowsRejected += batch.rowsRejected();
      for (Reject reject : batch.rejects()) {
        rejectsByRule.merge(reject.rule(), 1L, Long::sum);
        if (firstRejects.size() < REJECTS_SHOWN) {
          firstRejects.add(reject);
        }
      }
    }
  }
}
