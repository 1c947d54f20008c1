import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.network.Networks;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * What one DL4J training step of a product network costs, apart from batch assembly: the time of
 * {@code fit} on one fixed batch at several batch sizes (the intercept is the per-step cost that
 * does not depend on the samples), and how many native ops a step and an inference batch run.
 * The notes in {@code bench/train/levers.md} quote it. Run with model's test classpath (see
 * {@code bench/train.sh}), as a single-file program:
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 -cp "$CP" \
 *     bench/train/StepCost.java dense
 * </pre>
 */
public final class StepCost {
  private static final int FEATURES = 35;

  private StepCost() {}

  public static void main(String[] args) {
    Architecture architecture = Architecture.parse(args.length > 0 ? args[0] : "dense");
    NetworkConfig config = NetworkConfig.defaults(architecture);
    MultiLayerNetwork network = Networks.build(config, FEATURES);
    // The CNN's step costs ~8x the dense one's: fewer steps keep each size at a few seconds.
    int samplesPerSize = architecture == Architecture.DENSE ? 400_000 : 50_000;
    for (int round = 0; round < 2; round++) { // the first round warms the JIT and oneDNN up
      for (int batchSize : new int[] {32, 256, 1024, 4096}) {
        INDArray features = inputs(config, batchSize);
        INDArray labels = Nd4j.rand(DataType.FLOAT, batchSize, 1);
        int steps = Math.max(20, samplesPerSize / batchSize);
        long start = System.nanoTime();
        for (int step = 0; step < steps; step++) {
          network.fit(features, labels);
        }
        double milliseconds = (System.nanoTime() - start) / 1e6 / steps;
        if (round == 1) {
          System.out.printf(
              Locale.ROOT,
              "%s batch %d: %.3f ms a step, %.0f samples/s%n",
              architecture.key(),
              batchSize,
              milliseconds,
              batchSize / milliseconds * 1000);
        }
      }
    }
    INDArray features = inputs(config, config.batchSize());
    INDArray labels = Nd4j.rand(DataType.FLOAT, config.batchSize(), 1);
    INDArray inferenceBatch = inputs(config, 4096);
    // Timing every op makes the executioner count them, which is all that is read here.
    Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
    OpProfiler.getInstance().reset();
    for (int step = 0; step < 10; step++) {
      network.fit(features, labels);
    }
    long trainingOps = OpProfiler.getInstance().getInvocationsCount();
    OpProfiler.getInstance().reset();
    for (int batch = 0; batch < 10; batch++) {
      network.output(inferenceBatch, false);
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %.0f native ops a training step, %.0f an inference batch%n",
        architecture.key(),
        trainingOps / 10.0,
        OpProfiler.getInstance().getInvocationsCount() / 10.0);
  }

  private static INDArray inputs(NetworkConfig config, int batchSize) {
    return config.architecture() == Architecture.DENSE
        ? Nd4j.rand(DataType.FLOAT, batchSize, FEATURES)
        : Nd4j.rand(DataType.FLOAT, batchSize, FEATURES, config.windowDays());
  }
}
