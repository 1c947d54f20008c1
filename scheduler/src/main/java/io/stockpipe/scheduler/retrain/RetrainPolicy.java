package io.stockpipe.scheduler.retrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a retrain trains its candidate and when it promotes it. Validation is the trainer's own rule:
 * the last 20% of the training dates, after a gap of one label horizon.
 *
 * @param network the candidate's architecture and hyper-parameters
 * @param label what it predicts; the active model must predict the same, or the two are not
 *     comparable
 * @param trainingYears the candidate learns from the newest date with labels back this many years
 * @param promoteMargin the mean rank IC the candidate must gain over the active model on the same
 *     dates; negative: it may lose up to that much and still replace it (fresher data preferred)
 */
public record RetrainPolicy(
    NetworkConfig network, Label label, int trainingYears, double promoteMargin) {
  public static final int DEFAULT_TRAINING_YEARS = 4;
  public static final double DEFAULT_PROMOTE_MARGIN = 0.002;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  public RetrainPolicy {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(label, "label");
    if (network.architecture() == Architecture.BLEND) {
      // The retrain trains through TrainService; a blend (three models, a Spark job among them)
      // is trained on purpose with `stockpipe train --model blend`.
      throw new BadInputException(
          "the retrain trains --model dense or cnn, not blend: train a blend with `stockpipe"
              + " train --model blend` and promote it with `stockpipe model promote ID`");
    }
    if (trainingYears < 1 || trainingYears > 50) {
      throw new BadInputException("--years must be 1..50, was " + trainingYears);
    }
    requireMargin(promoteMargin);
  }

  static void requireMargin(double promoteMargin) {
    if (!Double.isFinite(promoteMargin) || Math.abs(promoteMargin) > 1) {
      throw new BadInputException(
          "--margin is a difference of mean rank ICs, so -1..1, was " + promoteMargin);
    }
  }

  /** The architecture's default network, next_return_1d, 4 years, margin 0.002. */
  public static RetrainPolicy defaults(Architecture architecture) {
    return new RetrainPolicy(
        NetworkConfig.defaults(architecture),
        Label.NEXT_RETURN_1D,
        DEFAULT_TRAINING_YEARS,
        DEFAULT_PROMOTE_MARGIN);
  }

  public RetrainPolicy withNetwork(NetworkConfig newNetwork) {
    return new RetrainPolicy(newNetwork, label, trainingYears, promoteMargin);
  }

  public RetrainPolicy withLabel(Label newLabel) {
    return new RetrainPolicy(network, newLabel, trainingYears, promoteMargin);
  }

  public RetrainPolicy withPromoteMargin(double margin) {
    return new RetrainPolicy(network, label, trainingYears, margin);
  }

  /** One line for a terminal and the log. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "%s on %s, the last %d year(s) of dates with labels, at most %d epochs; promoted if"
            + " better by %s rank IC",
        network.architecture().key(),
        label.column(),
        trainingYears,
        network.maxEpochs(),
        promoteMargin);
  }

  /**
   * As the retrain job's data, all text (the job store keeps job data as properties): the trigger a
   * node installs carries the policy, so every model node that fires it trains the same way.
   */
  public Map<String, String> toJobData() {
    Map<String, String> data = new LinkedHashMap<>();
    try {
      data.put("network", JSON.writeValueAsString(network.toMap()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a network config is always JSON", e);
    }
    data.put("label", label.column());
    data.put("training_years", Integer.toString(trainingYears));
    // Double.toString reads back to the same double.
    data.put("promote_margin", Double.toString(promoteMargin));
    return data;
  }

  /** The inverse of {@link #toJobData()}. */
  public static RetrainPolicy fromJobData(Map<String, ?> data) {
    try {
      return new RetrainPolicy(
          NetworkConfig.fromMap(JSON.readValue(text(data, "network"), MAP)),
          Label.parse(text(data, "label")),
          Integer.parseInt(text(data, "training_years")),
          Double.parseDouble(text(data, "promote_margin")));
    } catch (BadInputException e) {
      throw e;
    } catch (JsonProcessingException | RuntimeException e) {
      throw new BadInputException(
          "the retrain job's data is not a retrain policy ("
              + e.getMessage()
              + "): start a model node again to reinstall the trigger",
          e);
    }
  }

  private static String text(Map<String, ?> data, String key) {
    Object value = data.get(key);
    if (value == null) {
      throw new BadInputException("the retrain job's data lacks '" + key + "'");
    }
    return value.toString();
  }
}
