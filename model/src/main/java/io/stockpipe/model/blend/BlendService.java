package io.stockpipe.model.blend;

import io.stockpipe.db.Database;
import io.stockpipe.model.baseline.FittedTrees;
import io.stockpipe.model.baseline.Tuning;
import io.stockpipe.model.data.FeatureSetInfo;
import io.stockpipe.model.data.FeatureSets;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.registry.CodeVersion;
import io.stockpipe.model.registry.ModelRegistry;
import io.stockpipe.model.registry.NewModel;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.training.EpochStats;
import io.stockpipe.model.training.TrainRequest;
import io.stockpipe.model.training.Trainer;
import io.stockpipe.model.training.TrainingSamples;
import io.stockpipe.progress.Progress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code stockpipe train --model blend}: a dense network, a CNN and the baseline's gradient-boosted
 * trees trained on the same samples and the same split as {@code train} uses for one network (the
 * CNN's window decides which samples exist), then weights for their per-date ranks chosen on the
 * validation dates ({@link WeightSelection}). Nothing after the requested range is read, so the
 * test dates play no part in any choice. The blend is one model_registry row. The GBT grid is not
 * part of the config hash (a network's flags are); every candidate it tried is in {@code
 * metrics.members.gbt.candidates}.
 *
 * <p>Holds only the database, but trains with ND4J's process-wide native threads and the JVM's one
 * SparkSession: one training at a time per JVM, as for {@code TrainService}.
 */
public final class BlendService {
  /** The GBT grid of {@code stockpipe baseline}. */
  public static final Tuning DEFAULT_TREES = Tuning.defaults();

  private final Database database;
  private final ModelRegistry registry;

  public BlendService(Database database) {
    this.database = database;
    this.registry = new ModelRegistry(database);
  }

  /**
   * @param request a {@code TrainRequest} whose config is a blend's (it has refused walk-forward,
   *     tuning, ensembles and the sign target)
   * @param trees the GBT depths and numbers of trees to choose from on the validation dates
   */
  public BlendSummary train(TrainRequest request, Tuning trees, Progress.Factory progress) {
    long start = System.nanoTime();
    NetworkConfig config = request.config();
    if (config.architecture() != Architecture.BLEND) {
      throw new IllegalArgumentException("not a blend: " + config.architecture().key());
    }
    FeatureSetInfo featureSet = new FeatureSets(database).resolve(request.featureSetVersion());
    FeatureHistory history = TrainingSamples.read(database, featureSet, request, progress);
    TrainingSamples samples = TrainingSamples.of(history, request);
    int[] training = samples.trainingRows();
    int[] validation = samples.validationRows();

    Trainer.Outcome dense = network(config.member(Architecture.DENSE), samples, progress);
    Trainer.Outcome cnn = network(config.member(Architecture.CNN), samples, progress);
    Progress fitting = progress.start("train blend: gbt", 1, "fits", "samples");
    FittedTrees.Fit gbt = FittedTrees.fit(history, training, validation, config.target(), trees);
    fitting.advance(1, training.length);
    fitting.finish();

    FittedBlend.Members ranks =
        FittedBlend.memberRanks(dense.fitted(), cnn.fitted(), gbt.trees(), history, validation);
    WeightSelection.Choice choice =
        WeightSelection.choose(history, validation, ranks.dense(), ranks.cnn(), ranks.trees());
    FittedBlend blend =
        FittedBlend.of(dense.fitted(), cnn.fitted(), gbt.trees(), choice.weights(), config);

    Map<String, Object> members = new LinkedHashMap<>();
    members.put("dense", networkMetrics(dense, history, validation, ranks.dense()));
    members.put("cnn", networkMetrics(cnn, history, validation, ranks.cnn()));
    Map<String, Object> gbtMetrics = new LinkedHashMap<>();
    gbtMetrics.put("model", "gbt_regressor");
    gbtMetrics.put(
        "validation_rank_ic",
        finiteOrNull(WeightSelection.rankIc(history, validation, ranks.trees())));
    gbtMetrics.put("hyper_parameters", gbt.hyperParameters());
    gbtMetrics.put("candidates", gbt.candidates());
    members.put("gbt", gbtMetrics);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("validation_rank_ic", finiteOrNull(choice.validationRankIc()));
    metrics.put("blend_weights", choice.weights().toMap());
    metrics.put(
        "weight_selection",
        "the highest validation mean daily rank IC on a 0.1-step simplex grid of "
            + BlendWeights.simplexGrid().size()
            + " points, the first of equals");
    metrics.put("members", members);
    metrics.put("training_samples", training.length);
    metrics.put("validation_samples", validation.length);
    metrics.put("leak_check", "evaluate retrains the dense member only, on shuffled labels");

    TreeSet<String> learnedFrom = new TreeSet<>();
    for (int[] rows : new int[][] {training, validation}) {
      for (int row : rows) {
        learnedFrom.add(history.symbol(row));
      }
    }
    RegisteredModel registered =
        registry.register(
            new NewModel(
                blend,
                request.label(),
                featureSet,
                samples.split().training(),
                samples.split().validation(),
                request.scope(),
                List.copyOf(learnedFrom),
                metrics,
                null,
                CodeVersion.current()));
    return new BlendSummary(
        registered, blend, training.length, validation.length, (System.nanoTime() - start) / 1e9);
  }

  private static Trainer.Outcome network(
      NetworkConfig member, TrainingSamples samples, Progress.Factory progress) {
    Progress epochs =
        progress.start(
            "train blend: " + member.architecture().key(), member.maxEpochs(), "epochs", "samples");
    Trainer.Outcome outcome =
        Trainer.train(
            member, samples.history(), samples.trainingRows(), samples.validationRows(), epochs);
    epochs.finish();
    return outcome;
  }

  private static Map<String, Object> networkMetrics(
      Trainer.Outcome outcome, FeatureHistory history, int[] validation, double[] ranks) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("architecture", outcome.fitted().config().architecture().key());
    metrics.put(
        "validation_rank_ic", finiteOrNull(WeightSelection.rankIc(history, validation, ranks)));
    metrics.put("validation_loss", outcome.bestValidationLoss());
    metrics.put("best_epoch", outcome.bestEpoch());
    metrics.put("epochs_run", outcome.epochs().size());
    metrics.put(
        "epochs",
        outcome.epochs().stream()
            .map(
                (EpochStats e) -> {
                  Map<String, Object> epoch = new LinkedHashMap<>();
                  epoch.put("epoch", e.epoch());
                  epoch.put("loss", e.trainingLoss());
                  epoch.put("validation_loss", e.validationLoss());
                  epoch.put("validation_rank_ic", finiteOrNull(e.validationRankIc()));
                  return epoch;
                })
            .toList());
    return metrics;
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
