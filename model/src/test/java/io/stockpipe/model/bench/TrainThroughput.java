package io.stockpipe.model.bench;

import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NativeThreads;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.network.Networks;
import io.stockpipe.model.samples.BatchBuilder;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.InputScaler;
import io.stockpipe.model.training.EpochStats;
import io.stockpipe.model.training.FittedNetwork;
import io.stockpipe.model.training.Trainer;
import io.stockpipe.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training and inference throughput of the product's two networks, for {@code bench/train.sh}.
 *
 * <p>The networks come from {@link Networks#build} with {@link NetworkConfig#defaults}, and the
 * headline variant ({@code product}) is {@link Trainer#train} and {@link FittedNetwork#predict}
 * themselves, so that batch assembly by {@link BatchBuilder} is in the figure as it is in
 * production. The other variants are copies of Trainer's loop with one thing changed, to show where
 * the time goes ({@code network-only}: batches built before the clock starts) and what a lever
 * would give. The data is a deterministic synthetic history; {@code --data DIR} writes the exact
 * scaled samples and the per-epoch shuffles, so that {@code bench/train_torch.py} trains the same
 * networks on the same batches in the same order.
 *
 * <pre>
 * TrainThroughput --arch dense,cnn [--variants product,network-only] [--data DIR]
 *     [--symbols 200] [--days 500] [--epochs 3] [--warmup-epochs 1] [--inference-passes N]
 *     [--rounds 1]
 * </pre>
 *
 * <p>Prints one {@code RESULT key=value ...} line per architecture and variant on standard output.
 */
public final class TrainThroughput {
  private static final int FEATURES = SyntheticHistory.FEATURES;
  private static final int INFERENCE_BATCH = 4096; // FittedNetwork's
  private static final int VALIDATION_DAYS = 50;

  /**
   * What a run measures: PRODUCT is Trainer and FittedNetwork themselves; the others run a copy of
   * their loops with what the name says changed (COPY: nothing, the levers' reference).
   */
  enum Variant {
    PRODUCT,
    NETWORK_ONLY,
    COPY,
    PRESCALED,
    REUSED_BUFFERS,
    PRESCALED_REUSED,
    WORKSPACES_NONE,
    DATASET,
    ASYNC_ASSEMBLY,
    ASYNC_PRESCALED,
    ONE_THREAD,
    HELPERS_OFF;

    static Variant parse(String name) {
      return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private record Options(
      List<Architecture> architectures,
      List<Variant> variants,
      Path dataDirectory,
      int symbols,
      int days,
      int epochs,
      int warmupEpochs,
      int inferencePasses,
      int rounds) {}

  private record Batch(INDArray features, INDArray labels) {}

  /** Seconds spent building batches and in the network, over the measured epochs or passes. */
  private record Timing(double assemblySeconds, double networkSeconds, long samples) {
    double samplesPerSecond() {
      return samples / (assemblySeconds + networkSeconds);
    }
  }

  private final Options options;
  private final Architecture architecture;
  private final NetworkConfig config;
  private final FeatureHistory history;
  private final int[] trainingRows;
  private final int[] validationRows;
  private final int[] inferenceRows;
  private final InputScaler scaler;
  private final BatchBuilder batches;
  private final int inferencePasses;

  private TrainThroughput(Options options, Architecture architecture, FeatureHistory history) {
    this.options = options;
    this.architecture = architecture;
    NetworkConfig defaults = NetworkConfig.defaults(architecture);
    int epochs = options.warmupEpochs() + options.epochs();
    // The product's defaults with a fixed number of epochs: patience = epochs, so early stopping
    // never ends a run before the others.
    this.config =
        new NetworkConfig(
            defaults.architecture(),
            defaults.target(),
            defaults.hiddenUnits(),
            defaults.convChannels(),
            defaults.kernelSize(),
            defaults.windowDays(),
            defaults.dropout(),
            defaults.learningRate(),
            defaults.l2(),
            epochs,
            epochs,
            defaults.batchSize(),
            defaults.seed());
    this.history = history;
    // Every symbol has the same weekdays: the first symbol's rows are the calendar.
    int firstValidationDay = history.epochDay(options.days() - VALIDATION_DAYS);
    this.trainingRows = samples(day -> day < firstValidationDay);
    this.validationRows = samples(day -> day >= firstValidationDay);
    this.inferenceRows = samples(day -> true);
    // What Trainer fits, so that the exported samples are scaled exactly as Trainer scales them.
    this.scaler = InputScaler.fit(history, trainingRows, true);
    this.batches = new BatchBuilder(history, scaler, config.windowDays(), config.target());
    // A dense pass takes ~0.1 s: ten of them make a figure that a scheduler hiccup does not swing.
    this.inferencePasses =
        options.inferencePasses() > 0
            ? options.inferencePasses()
            : architecture == Architecture.DENSE ? 10 : 3;
  }

  public static void main(String[] args) throws IOException {
    Options options = parse(args);
    printBackend();
    FeatureHistory history = SyntheticHistory.of(options.symbols(), options.days());
    for (Architecture architecture : options.architectures()) {
      TrainThroughput bench = new TrainThroughput(options, architecture, history);
      if (options.dataDirectory() != null) {
        bench.export(options.dataDirectory());
      }
      // Rounds interleave the variants, so that other work on the machine hits them alike.
      for (int round = 0; round < options.rounds(); round++) {
        for (Variant variant : options.variants()) {
          bench.run(variant, round + 1);
        }
      }
    }
  }

  private int[] samples(IntPredicate days) {
    return history.sampleRows(config.windowDays(), true, days);
  }

  /** What one variant measured. */
  private record Measured(Timing training, Timing inference, double validationLoss) {}

  private void run(Variant variant, int round) {
    long start = System.nanoTime();
    Measured measured;
    if (variant == Variant.PRODUCT) {
      Trainer.Outcome outcome =
          Trainer.train(config, history, trainingRows, validationRows, Progress.silent());
      double seconds = 0;
      for (EpochStats epoch :
          outcome.epochs().subList(options.warmupEpochs(), config.maxEpochs())) {
        seconds += trainingRows.length / epoch.samplesPerSecond();
      }
      // Trainer times assembly and fit together; network-only tells them apart.
      measured =
          new Measured(
              new Timing(0, seconds, (long) options.epochs() * trainingRows.length),
              productInference(outcome.fitted()),
              outcome.epochs().get(config.maxEpochs() - 1).validationLoss());
    } else {
      // The copies of the product's loops run on the threads the product gives each network;
      // one-thread puts the CNN on one as well.
      try (NativeThreads threads =
          variant == Variant.ONE_THREAD
              ? NativeThreads.one()
              : NativeThreads.forArchitecture(config.architecture())) {
        measured = runCopy(variant);
      }
    }
    report(variant, round, measured, start);
  }

  /** One of the copies of Trainer's and FittedNetwork's loops. */
  private Measured runCopy(Variant variant) {
    // libnd4j picks its oneDNN implementation op by op while helpers are allowed.
    boolean helpers = Nd4j.getEnvironment().helpersAllowed();
    Nd4j.getEnvironment().allowHelpers(helpers && variant != Variant.HELPERS_OFF);
    MultiLayerNetwork network = Networks.build(config, FEATURES);
    if (variant == Variant.WORKSPACES_NONE) {
      network = withoutWorkspaces(network);
    }
    boolean prescaled =
        variant == Variant.PRESCALED
            || variant == Variant.PRESCALED_REUSED
            || variant == Variant.ASYNC_PRESCALED;
    boolean reused = variant == Variant.REUSED_BUFFERS || variant == Variant.PRESCALED_REUSED;
    BatchAssembly assembly =
        prescaled || reused
            ? new BatchAssembly.Copying(history, scaler, config.windowDays(), prescaled, reused)
            : new BatchAssembly.Product(batches);
    Timing training = train(network, variant, assembly);
    double validationLoss = Trainer.loss(network, config.target(), batches, validationRows);
    Timing inference = inference(network, variant, assembly);
    Nd4j.getEnvironment().allowHelpers(helpers);
    return new Measured(training, inference, validationLoss);
  }

  private void report(Variant variant, int round, Measured measured, long start) {
    Timing training = measured.training();
    Timing inference = measured.inference();
    double validationLoss = measured.validationLoss();
    System.out.printf(
        Locale.ROOT,
        "RESULT arch=%s variant=%s round=%d train_samples=%d train_sps=%.0f train_assembly_s=%.3f"
            + " train_network_s=%.3f infer_samples=%d infer_sps=%.0f infer_assembly_s=%.3f"
            + " infer_network_s=%.3f val_loss=%.5f wall_s=%.1f%n",
        architecture.key(),
        variant.key(),
        round,
        training.samples(),
        training.samplesPerSecond(),
        training.assemblySeconds(),
        training.networkSeconds(),
        inference.samples(),
        inference.samplesPerSecond(),
        inference.assemblySeconds(),
        inference.networkSeconds(),
        validationLoss,
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * Trainer's loop, with the time in assembly (waiting for the next batch) and in the network
   * counted apart.
   */
  private Timing train(MultiLayerNetwork network, Variant variant, BatchAssembly assembly) {
    int[][] orders = shuffledOrders();
    long assemblyNanos = assembly.setupNanos();
    long networkNanos = 0;
    for (int epoch = 0; epoch < orders.length; epoch++) {
      long start = System.nanoTime();
      List<Batch> prebuilt = variant == Variant.NETWORK_ONLY ? new ArrayList<>() : null;
      Iterator<Batch> batchStream =
          batches(assembly, orders[epoch], config.batchSize(), true, variant);
      if (prebuilt != null) {
        batchStream.forEachRemaining(prebuilt::add);
        batchStream = prebuilt.iterator();
      }
      long epochAssembly = System.nanoTime() - start;
      long epochNetwork = 0;
      while (batchStream.hasNext()) {
        long batchStart = System.nanoTime();
        Batch batch = batchStream.next();
        long built = System.nanoTime();
        if (variant == Variant.DATASET) {
          network.fit(new DataSet(batch.features(), batch.labels()));
        } else {
          network.fit(batch.features(), batch.labels());
        }
        epochAssembly += built - batchStart;
        epochNetwork += System.nanoTime() - built;
      }
      if (prebuilt != null) {
        prebuilt.forEach(TrainThroughput::close); // off-heap: the CNN's epoch is ~270 MB
      }
      if (epoch >= options.warmupEpochs()) {
        assemblyNanos += epochAssembly;
        networkNanos += epochNetwork;
      }
    }
    return new Timing(
        assemblyNanos / 1e9, networkNanos / 1e9, (long) options.epochs() * trainingRows.length);
  }

  /**
   * The batches of {@code rows} in order: built as they are asked for, or for the ASYNC variants on
   * a second thread, up to 4 ahead, while the network works (the lever that hides assembly if a
   * core is free for it). Never with reused arrays: a batch ahead would overwrite one in use.
   */
  private static Iterator<Batch> batches(
      BatchAssembly assembly, int[] rows, int batchSize, boolean withLabels, Variant variant) {
    int batchCount = (rows.length + batchSize - 1) / batchSize;
    IntFunction<Batch> build =
        index -> {
          int from = index * batchSize;
          int count = Math.min(batchSize, rows.length - from);
          return new Batch(
              assembly.features(rows, from, count),
              withLabels ? assembly.labels(rows, from, count) : null);
        };
    if (variant != Variant.ASYNC_ASSEMBLY && variant != Variant.ASYNC_PRESCALED) {
      // Built in next(), not hasNext() as a stream's iterator would: next() is what is timed.
      return new Iterator<>() {
        private int built;

        @Override
        public boolean hasNext() {
          return built < batchCount;
        }

        @Override
        public Batch next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return build.apply(built++);
        }
      };
    }
    BlockingQueue<Batch> ready = new ArrayBlockingQueue<>(4);
    Thread producer =
        new Thread(
            () -> {
              try {
                for (int index = 0; index < batchCount; index++) {
                  ready.put(build.apply(index));
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "batch-assembly");
    producer.setDaemon(true); // a failed run must not keep the JVM alive
    producer.start();
    return new Iterator<>() {
      private int taken;

      @Override
      public boolean hasNext() {
        return taken < batchCount;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        taken++;
        try {
          Batch batch = ready.poll(1, TimeUnit.MINUTES);
          if (batch == null) {
            throw new IllegalStateException("batch assembly stopped: see its thread's exception");
          }
          return batch;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
      }
    };
  }

  /** FittedNetwork.predict itself: assembly and network together, as the product predicts. */
  private Timing productInference(FittedNetwork fitted) {
    fitted.predict(history, inferenceRows); // warm-up
    long start = System.nanoTime();
    for (int pass = 0; pass < inferencePasses; pass++) {
      fitted.predict(history, inferenceRows);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Timing(0, seconds, (long) inferencePasses * inferenceRows.length);
  }

  /** FittedNetwork.predict's loop; network-only builds every batch before the clock starts. */
  private Timing inference(MultiLayerNetwork network, Variant variant, BatchAssembly assembly) {
    long assemblyNanos = 0;
    long networkNanos = 0;
    double checksum = 0;
    for (int pass = -1; pass < inferencePasses; pass++) { // pass -1: warm-up
      long start = System.nanoTime();
      List<Batch> prebuilt = variant == Variant.NETWORK_ONLY ? new ArrayList<>() : null;
      Iterator<Batch> batchStream =
          batches(assembly, inferenceRows, INFERENCE_BATCH, false, variant);
      if (prebuilt != null) {
        batchStream.forEachRemaining(prebuilt::add);
        batchStream = prebuilt.iterator();
      }
      long passAssembly = System.nanoTime() - start + assembly.setupNanos();
      long passNetwork = 0;
      while (batchStream.hasNext()) {
        long batchStart = System.nanoTime();
        INDArray features = batchStream.next().features();
        long built = System.nanoTime();
        INDArray output = network.output(features, false);
        for (int sample = 0; sample < output.rows(); sample++) {
          checksum += output.getDouble(sample, 0); // read back one by one, as predict does
        }
        passAssembly += built - batchStart;
        passNetwork += System.nanoTime() - built;
      }
      if (prebuilt != null) {
        prebuilt.forEach(batch -> batch.features().close());
      }
      if (pass >= 0) {
        assemblyNanos += passAssembly;
        networkNanos += passNetwork;
      }
    }
    if (Double.isNaN(checksum)) {
      throw new IllegalStateException("the network predicted NaN");
    }
    return new Timing(
        assemblyNanos / 1e9, networkNanos / 1e9, (long) inferencePasses * inferenceRows.length);
  }

  /** The orders Trainer visits the training rows in: its shuffle, its seed, epoch after epoch. */
  private int[][] shuffledOrders() {
    int[] order = trainingRows.clone();
    Random random = new Random(config.seed());
    int[][] orders = new int[config.maxEpochs()][];
    for (int epoch = 0; epoch < orders.length; epoch++) {
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
      orders[epoch] = order.clone();
    }
    return orders;
  }

  private static MultiLayerNetwork withoutWorkspaces(MultiLayerNetwork network) {
    MultiLayerConfiguration configuration = network.getLayerWiseConfigurations().clone();
    configuration.setTrainingWorkspaceMode(WorkspaceMode.NONE);
    configuration.setInferenceWorkspaceMode(WorkspaceMode.NONE);
    MultiLayerNetwork rebuilt = new MultiLayerNetwork(configuration);
    rebuilt.init(network.params().dup(), false);
    return rebuilt;
  }

  private static void close(Batch batch) {
    batch.features().close();
    batch.labels().close();
  }

  /**
   * Writes what train_torch.py needs to train on the same batches: every row's features and label
   * scaled as Trainer scales them, the rows of each set, the order of every epoch, and a checksum
   * of BatchBuilder's first batch to prove both sides build the same inputs.
   */
  private void export(Path directory) throws IOException {
    Files.createDirectories(directory);
    String prefix = architecture.key() + "-";
    int rows = history.rows();
    float[] features = new float[rows * FEATURES];
    float[] labels = new float[rows];
    for (int row = 0; row < rows; row++) {
      for (int feature = 0; feature < FEATURES; feature++) {
        features[row * FEATURES + feature] =
            scaler.scaleFeature(feature, history.feature(row, feature));
      }
      labels[row] = scaler.scaleLabel(history.label(row));
    }
    int[][] orders = shuffledOrders();
    INDArray first = batches.features(orders[0], 0, Math.min(config.batchSize(), orders[0].length));
    TorchFiles.writeFloats(directory.resolve(prefix + "features.f32"), features);
    TorchFiles.writeFloats(directory.resolve(prefix + "labels.f32"), labels);
    TorchFiles.writeInts(directory.resolve(prefix + "orders.i32"), orders);
    TorchFiles.writeInts(
        directory.resolve(prefix + "validation.i32"), new int[][] {validationRows});
    TorchFiles.writeInts(directory.resolve(prefix + "inference.i32"), new int[][] {inferenceRows});
    Map<String, Object> meta = new LinkedHashMap<>(config.toMap());
    meta.put("rows", rows);
    meta.put("features", FEATURES);
    meta.put("training_samples", trainingRows.length);
    meta.put("validation_samples", validationRows.length);
    meta.put("inference_samples", inferenceRows.length);
    meta.put("warmup_epochs", options.warmupEpochs());
    meta.put("epochs", options.epochs());
    meta.put("inference_batch", INFERENCE_BATCH);
    meta.put("inference_passes", inferencePasses);
    meta.put("label_mean", scaler.labelMean());
    meta.put("label_stdev", scaler.labelStdev());
    meta.put("first_batch_sum", first.sumNumber().doubleValue());
    meta.put("first_batch_norm2", first.norm2Number().doubleValue());
    StringBuilder text = new StringBuilder();
    meta.forEach(
        (key, value) ->
            text.append(key).append('=').append(value.toString().replace(" ", "")).append('\n'));
    Files.writeString(directory.resolve(prefix + "meta.txt"), text);
  }

  private static void printBackend() {
    Nd4j.getBackend(); // loads the native library
    // Which libnd4jcpu JavaCPP loaded: its folder is the platform, e.g. linux-x86_64-onednn-avx2.
    String library =
        Loader.getLoadedLibraries().values().stream()
            .filter(path -> path.endsWith("libnd4jcpu.so"))
            .map(path -> Path.of(path).getParent().getFileName().toString())
            .findFirst()
            .orElse("unknown");
    System.out.printf(
        Locale.ROOT,
        "BACKEND library=%s omp_threads=%d periodic_gc=%b helpers=%b%n",
        library,
        Nd4j.getEnvironment().maxThreads(),
        Nd4j.getMemoryManager().isPeriodicGcActive(),
        Nd4j.getEnvironment().helpersAllowed());
  }

  private static Options parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + List.of(args));
      }
      values.put(args[i].substring(2), args[i + 1]);
    }
    List<Architecture> architectures = new ArrayList<>();
    for (String key : values.getOrDefault("arch", "dense,cnn").split(",")) {
      architectures.add(Architecture.parse(key.trim()));
    }
    List<Variant> variants = new ArrayList<>();
    for (String key : values.getOrDefault("variants", "product,network-only").split(",")) {
      if (!key.isBlank()) { // --variants '' only exports the data
        variants.add(Variant.parse(key));
      }
    }
    return new Options(
        architectures,
        variants,
        values.containsKey("data") ? Path.of(values.get("data")) : null,
        Integer.parseInt(values.getOrDefault("symbols", "200")),
        Integer.parseInt(values.getOrDefault("days", "500")),
        Integer.parseInt(values.getOrDefault("epochs", "3")),
        Integer.parseInt(values.getOrDefault("warmup-epochs", "1")),
        Integer.parseInt(values.getOrDefault("inference-passes", "0")),
        Integer.parseInt(values.getOrDefault("rounds", "1")));
  }
}
