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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.nd4j.linalg.api.buffer.DataType;
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
  private static final int FEATURES = 35;
  private static final int INFERENCE_BATCH = 4096; // FittedNetwork's
  private static final int VALIDATION_DAYS = 50;
  private static final long DATA_SEED = 7;

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

  /** How a variant builds a batch's inputs: BatchBuilder's way, or a lever's. */
  private interface Assembly {
    INDArray features(int[] rows, int from, int count);

    INDArray labels(int[] rows, int from, int count);

    /** One-off work before the first batch; counted once per training run and per prediction. */
    default long setupNanos() {
      return 0;
    }
  }

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
    FeatureHistory history = syntheticHistory(options.symbols(), options.days());
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
    Assembly assembly =
        prescaled || reused
            ? new CopyingAssembly(history, scaler, config.windowDays(), prescaled, reused)
            : new ProductAssembly(batches);
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
  private Timing train(MultiLayerNetwork network, Variant variant, Assembly assembly) {
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
      Assembly assembly, int[] rows, int batchSize, boolean withLabels, Variant variant) {
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
  private Timing inference(MultiLayerNetwork network, Variant variant, Assembly assembly) {
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

  /** The product's own assembly. */
  private record ProductAssembly(BatchBuilder batches) implements Assembly {
    @Override
    public INDArray features(int[] rows, int from, int count) {
      return batches.features(rows, from, count);
    }

    @Override
    public INDArray labels(int[] rows, int from, int count) {
      return batches.labels(rows, from, count);
    }
  }

  /**
   * BatchBuilder's loop with two changes it could make, each on its own or both: {@code prescaled}
   * scales every row of the history once, up front, instead of every time a batch holds it (a CNN
   * window holds each row 20 times, and every epoch again); {@code reused} writes into arrays
   * allocated once per batch size instead of an {@code Nd4j.create} per batch (fresh off-heap
   * memory, page faults and a deallocator each time). Reuse is safe: fit and output are done with
   * their input when they return. Both give exactly BatchBuilder's values.
   */
  private static final class CopyingAssembly implements Assembly {
    private final FeatureHistory history;
    private final InputScaler scaler;
    private final int windowDays;
    private final int featureCount;
    private final float[] scaledRows;
    private final Map<String, INDArray> reusedArrays;
    private final long setupNanos;

    CopyingAssembly(
        FeatureHistory history,
        InputScaler scaler,
        int windowDays,
        boolean prescaled,
        boolean reused) {
      this.history = history;
      this.scaler = scaler;
      this.windowDays = windowDays;
      this.featureCount = history.featureCount();
      long start = System.nanoTime();
      this.scaledRows = prescaled ? scaleAll(history, scaler) : null;
      this.setupNanos = System.nanoTime() - start;
      this.reusedArrays = reused ? new HashMap<>() : null;
    }

    @Override
    public long setupNanos() {
      return setupNanos;
    }

    private static float[] scaleAll(FeatureHistory history, InputScaler scaler) {
      int featureCount = history.featureCount();
      float[] scaled = new float[history.rows() * featureCount];
      for (int row = 0; row < history.rows(); row++) {
        for (int feature = 0; feature < featureCount; feature++) {
          scaled[row * featureCount + feature] =
              scaler.scaleFeature(feature, history.feature(row, feature));
        }
      }
      return scaled;
    }

    @Override
    public INDArray features(int[] rows, int from, int count) {
      float[] features = new float[count * featureCount * windowDays];
      for (int sample = 0; sample < count; sample++) {
        int last = rows[from + sample];
        for (int day = 0; day < windowDays; day++) {
          int source = last - windowDays + 1 + day;
          for (int feature = 0; feature < featureCount; feature++) {
            features[(sample * featureCount + feature) * windowDays + day] =
                scaledRows != null
                    ? scaledRows[source * featureCount + feature]
                    : scaler.scaleFeature(feature, history.feature(source, feature));
          }
        }
      }
      long[] shape =
          windowDays == 1
              ? new long[] {count, featureCount}
              : new long[] {count, featureCount, windowDays};
      return fill(features, shape, "features");
    }

    @Override
    public INDArray labels(int[] rows, int from, int count) {
      float[] labels = new float[count];
      for (int sample = 0; sample < count; sample++) {
        labels[sample] = scaler.scaleLabel(history.label(rows[from + sample]));
      }
      return fill(labels, new long[] {count, 1}, "labels");
    }

    private INDArray fill(float[] values, long[] shape, String role) {
      if (reusedArrays == null) {
        return Nd4j.create(values, shape, 'c');
      }
      INDArray array =
          reusedArrays.computeIfAbsent(
              role + Arrays.toString(shape), key -> Nd4j.create(DataType.FLOAT, shape));
      array.data().setData(values);
      return array;
    }
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
    writeFloats(directory.resolve(prefix + "features.f32"), features);
    writeFloats(directory.resolve(prefix + "labels.f32"), labels);
    writeInts(directory.resolve(prefix + "orders.i32"), orders);
    writeInts(directory.resolve(prefix + "validation.i32"), new int[][] {validationRows});
    writeInts(directory.resolve(prefix + "inference.i32"), new int[][] {inferenceRows});
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

  private static void writeFloats(Path file, float[] values) throws IOException {
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    write(file, bytes);
  }

  private static void writeInts(Path file, int[][] rows) throws IOException {
    int length = 0;
    for (int[] row : rows) {
      length += row.length;
    }
    ByteBuffer bytes = ByteBuffer.allocate(length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int[] row : rows) {
      for (int value : row) {
        bytes.putInt(value);
      }
    }
    bytes.flip();
    write(file, bytes);
  }

  private static void write(Path file, ByteBuffer bytes) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }
  }

  /**
   * Gaussian features on consecutive weekdays, and a label the networks can partly learn: today's
   * features (both nets) and a 5-day mean of one feature (only the CNN sees it), plus noise, so
   * that the two sides' validation losses say whether they trained the same thing.
   */
  static FeatureHistory syntheticHistory(int symbols, int days) {
    Random random = new Random(DATA_SEED);
    List<LocalDate> weekdays = new ArrayList<>();
    for (LocalDate date = LocalDate.of(2020, 1, 1);
        weekdays.size() < days;
        date = date.plusDays(1)) {
      if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
        weekdays.add(date);
      }
    }
    List<String> names = new ArrayList<>();
    List<LocalDate> dates = new ArrayList<>();
    float[][] features = new float[symbols * days][FEATURES];
    float[] labels = new float[symbols * days];
    for (int symbol = 0; symbol < symbols; symbol++) {
      double momentum = 0;
      for (int day = 0; day < days; day++) {
        int row = symbol * days + day;
        for (int feature = 0; feature < FEATURES; feature++) {
          features[row][feature] = (float) random.nextGaussian();
        }
        momentum += features[row][4] - (day >= 5 ? features[row - 5][4] : 0);
        float[] f = features[row];
        labels[row] =
            (float)
                (0.4 * f[0]
                    - 0.3 * f[1]
                    + 0.2 * f[2] * f[3]
                    + 0.3 * momentum / 5
                    + 0.5 * random.nextGaussian());
        names.add(String.format(Locale.ROOT, "S%03d", symbol));
        dates.add(weekdays.get(day));
      }
    }
    return FeatureHistory.of(names, dates, features, labels);
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
