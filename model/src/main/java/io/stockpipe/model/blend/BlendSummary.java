package io.stockpipe.model.blend;

import io.stockpipe.model.registry.RegisteredModel;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code stockpipe train --model blend} did.
 *
 * @param model as registered
 * @param fitted the trained blend
 * @param trainingSamples samples every member learned from
 * @param validationSamples samples early stopping, the GBT grid and the weights were chosen on
 * @param seconds wall time
 */
public record BlendSummary(
    RegisteredModel model,
    FittedBlend fitted,
    int trainingSamples,
    int validationSamples,
    double seconds) {

  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%-5s %-54s %-23s %7s %8s %9s%n",
            "id",
            "name",
            "trained on",
            "samples",
            "val RIC",
            "status"));
    out.append(
        String.format(
            Locale.ROOT,
            "%-5d %-54s %-23s %7d %8s %9s%n",
            model.id(),
            model.name(),
            model.training().from() + ".." + model.validation().to(),
            trainingSamples,
            number(model.metrics().get("validation_rank_ic")),
            model.status().key()));
    if (model.metrics().get("members") instanceof Map<?, ?> members) {
      BlendWeights weights = fitted.weights();
      double[] byMember = {weights.dense(), weights.cnn(), weights.trees()};
      int i = 0;
      for (Map.Entry<?, ?> member : members.entrySet()) {
        Object rankIc = ((Map<?, ?>) member.getValue()).get("validation_rank_ic");
        out.append(
            String.format(
                Locale.ROOT,
                "      %-5s weight %.1f, val RIC %s%n",
                member.getKey(),
                byMember[i++],
                number(rankIc)));
      }
    }
    out.append(String.format(Locale.ROOT, "%.1f s%n", seconds));
    return out.toString();
  }

  private static String number(Object value) {
    return value instanceof Number number
        ? String.format(Locale.ROOT, "%.4f", number.doubleValue())
        : "n/a";
  }
}
