import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.network.NativeThreads;
import io.stockpipe.model.network.Networks;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * Where one inference batch of a product network goes: {@code network.output} on a fixed batch
 * of 4096, reading the outputs back into Java by {@code getDouble(row, 0)} per row (what {@code
 * FittedNetwork.predict} does) or by one bulk copy, then ND4J's op profiler over the same batches
 * (which native ops, how long each). Run as {@code StepCost} is (see its comment), with the
 * architecture as the first argument; a second, {@code c} or {@code f}, gives the input that
 * memory order. For the native ops' Java callers, add {@code
 * -XX:StartFlightRecording=filename=infer.jfr,settings=profile} and read {@code jfr print --events
 * jdk.NativeMethodSample} (bench/train/levers.md, "Dense inference").
 */
public final class InferCost {
  private static final int FEATURES = 35;
  private static final int BATCH = 4096;

  private InferCost() {}

  public static void main(String[] args) {
    Architecture architecture = Architecture.parse(args.length > 0 ? args[0] : "dense");
    NetworkConfig config = NetworkConfig.defaults(architecture);
    MultiLayerNetwork network = Networks.build(config, FEATURES);
    INDArray input =
        config.windowDays() == 1
            ? Nd4j.rand(DataType.FLOAT, BATCH, FEATURES)
            : Nd4j.rand(DataType.FLOAT, BATCH, FEATURES, config.windowDays());
    if (args.length > 1) {
      input = input.dup(args[1].charAt(0));
    }
    int batches = architecture == Architecture.DENSE ? 400 : 40;
    try (NativeThreads threads = NativeThreads.forArchitecture(architecture)) {
      for (int round = 0; round < 3; round++) {
        long start = System.nanoTime();
        INDArray output = null;
        for (int i = 0; i < batches; i++) {
          output = network.output(input, false);
        }
        double outputMs = (System.nanoTime() - start) / 1e6 / batches;

        start = System.nanoTime();
        double sum = 0;
        for (int i = 0; i < batches; i++) {
          for (int row = 0; row < BATCH; row++) {
            sum += output.getDouble(row, 0);
          }
        }
        double perRowMs = (System.nanoTime() - start) / 1e6 / batches;

        start = System.nanoTime();
        for (int i = 0; i < batches; i++) {
          float[] values = output.data().asFloat();
          for (int row = 0; row < BATCH; row++) {
            sum -= values[row];
          }
        }
        double bulkMs = (System.nanoTime() - start) / 1e6 / batches;
        System.out.printf(
            Locale.ROOT,
            "%s round %d: output %.3f ms a batch of %d (%.0f samples/s); reading it back:"
                + " getDouble per row %.3f ms, one bulk copy %.3f ms (check %.1e)%n",
            architecture,
            round,
            outputMs,
            BATCH,
            BATCH / outputMs * 1000,
            perRowMs,
            bulkMs,
            sum);
      }
      // Which native ops one batch runs, and the time of each (profiling slows them a little).
      Nd4j.getExecutioner()
          .setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
      OpProfiler.getInstance().reset();
      for (int i = 0; i < batches; i++) {
        network.output(input, false);
      }
      OpProfiler.getInstance().printOutDashboard();
    }
  }
}
