package io.stockpipe.model.bench;

import io.stockpipe.model.samples.BatchBuilder;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.InputScaler;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How a {@link TrainThroughput} variant builds a batch's inputs: BatchBuilder's way, or a lever's.
 */
interface BatchAssembly {
  INDArray features(int[] rows, int from, int count);

  INDArray labels(int[] rows, int from, int count);

  /** One-off work before the first batch; counted once per training run and per prediction. */
  default long setupNanos() {
    return 0;
  }

  /** The product's own assembly. */
  record Product(BatchBuilder batches) implements BatchAssembly {
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
  final class Copying implements BatchAssembly {
    private final FeatureHistory history;
    private final InputScaler scaler;
    private final int windowDays;
    private final int featureCount;
    private final float[] scaledRows;
    private final Map<String, INDArray> reusedArrays;
    private final long setupNanos;

    Copying(
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
}
