package io.stockpipe.model.samples;

import io.stockpipe.model.network.Target;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies samples of a {@link FeatureHistory} into network inputs: {@code [batch, features]} for one
 * day, or {@code [batch, features, days]} (channels × time, DL4J's NCW) for a window that ends on
 * the sample's row. Scaling happens here, so the history itself stays raw.
 */
public final class BatchBuilder {
  private final FeatureHistory history;
  private final InputScaler scaler;
  private final int windowDays;
  private final Target target;

  public BatchBuilder(FeatureHistory history, InputScaler scaler, int windowDays, Target target) {
    this.history = history;
    this.scaler = scaler;
    this.windowDays = windowDays;
    this.target = target;
  }

  /** Inputs for {@code rows[from .. from+count)}. */
  public INDArray features(int[] rows, int from, int count) {
    int featureCount = history.featureCount();
    float[] raw = history.rawFeatures();
    float[] batch = new float[count * featureCount * windowDays];
    for (int sample = 0; sample < count; sample++) {
      int last = rows[from + sample];
      for (int day = 0; day < windowDays; day++) {
        int source = (last - windowDays + 1 + day) * featureCount;
        for (int feature = 0; feature < featureCount; feature++) {
          // [sample][feature][day] in C order
          batch[(sample * featureCount + feature) * windowDays + day] =
              scaler.scaleFeature(feature, raw[source + feature]);
        }
      }
    }
    return windowDays == 1
        ? Nd4j.create(batch, new long[] {count, featureCount}, 'c')
        : Nd4j.create(batch, new long[] {count, featureCount, windowDays}, 'c');
  }

  /** Labels for the same rows: the scaled label (or per-date target), or a one-hot [down, up]. */
  public INDArray labels(int[] rows, int from, int count) {
    if (target != Target.SIGN) {
      float[] labels = new float[count];
      for (int sample = 0; sample < count; sample++) {
        labels[sample] = scaler.scaleLabel(history.label(rows[from + sample]));
      }
      return Nd4j.create(labels, new long[] {count, 1}, 'c');
    }
    float[] oneHot = new float[count * 2];
    for (int sample = 0; sample < count; sample++) {
      oneHot[sample * 2 + (history.label(rows[from + sample]) > 0 ? 1 : 0)] = 1;
    }
    return Nd4j.create(oneHot, new long[] {count, 2}, 'c');
  }
}
