package io.stockpipe.model.network;

import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads ND4J's native ops (its own, oneDNN's and OpenBLAS's) may use while a block of
 * work runs on the calling thread; the previous counts come back on {@link #close()}.
 *
 * <p>The dense network's ops are too small to share between threads: on two cores one thread
 * trained it 3× and predicted 2× faster than two, and when the other core was busy (PostgreSQL,
 * Spark, a second job) two threads collapsed to a tenth of that (bench/train/levers.md). The CNN's
 * convolutions do gain from every core, so it keeps ND4J's default.
 */
public final class NativeThreads implements AutoCloseable {
  private final int maxMasterThreads;
  private final int ompThreads;
  private final int blasThreads;

  private NativeThreads(int threads) {
    Environment environment = Nd4j.getEnvironment();
    NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
    maxMasterThreads = environment.maxMasterThreads();
    ompThreads = ops.ompGetMaxThreads();
    blasThreads = Nd4j.factory().blas().getMaxThreads();
    if (threads > 0) {
      set(threads, threads, threads);
    }
  }

  /** The thread count that suits {@code architecture}, until {@link #close()}. */
  public static NativeThreads forArchitecture(Architecture architecture) {
    return architecture == Architecture.DENSE ? one() : new NativeThreads(0);
  }

  /** One thread, until {@link #close()}. */
  public static NativeThreads one() {
    return new NativeThreads(1);
  }

  @Override
  public void close() {
    set(maxMasterThreads, ompThreads, blasThreads);
  }

  /**
   * ({@code Environment.setMaxThreads} is not among these: ND4J M2.1 ignores it and keeps the count
   * it started with.)
   */
  private static void set(int master, int omp, int blas) {
    Nd4j.getEnvironment().setMaxMasterThreads(master);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(omp);
    Nd4j.factory().blas().setMaxThreads(blas);
  }
}
