package io.stockpipe.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stockpipe.db.Database;
import io.stockpipe.errors.PipelineException;
import io.stockpipe.model.registry.ModelRegistry;
import io.stockpipe.model.registry.RegisteredModel;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stockpipe model list|show|promote|retire}: the model registry. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = {
      "The model registry: list models, show one with its provenance, promote a candidate to"
          + " the one active model that predict uses (the previous one is retired in the same"
          + " transaction), or retire a model.",
      "  ./stockpipe model list",
      "  ./stockpipe model show 3",
      "  ./stockpipe model promote 3"
    })
public final class ModelCommand {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Command(name = "list", description = "every model, newest first")
  void list(@Mixin DatabaseOptions options) {
    try (Database database = options.openMigrated()) {
      print(new ModelRegistry(database).list(), spec.commandLine().getOut());
    }
  }

  @Command(name = "show", description = "one model: hyper-parameters, data, code, metrics")
  void show(@Mixin DatabaseOptions options, @Parameters(paramLabel = "ID") long id) {
    try (Database database = options.openMigrated()) {
      show(new ModelRegistry(database).find(id), spec.commandLine().getOut());
    }
  }

  @Command(name = "promote", description = "make ID the active model; retire the one before")
  void promote(@Mixin DatabaseOptions options, @Parameters(paramLabel = "ID") long id) {
    change(options, id, ModelRegistry::promote);
  }

  @Command(name = "retire", description = "retire ID; predict then needs another active model")
  void retire(@Mixin DatabaseOptions options, @Parameters(paramLabel = "ID") long id) {
    change(options, id, ModelRegistry::retire);
  }

  private void change(
      DatabaseOptions options, long id, BiFunction<ModelRegistry, Long, RegisteredModel> change) {
    try (Database database = options.openMigrated()) {
      RegisteredModel model = change.apply(new ModelRegistry(database), id);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("model %d %s is now %s%n", model.id(), model.name(), model.status().key());
      out.flush();
    }
  }

  static void print(List<RegisteredModel> models, PrintWriter out) {
    if (models.isEmpty()) {
      out.println("no models yet: ./stockpipe train --model dense --from D --to D");
      out.flush();
      return;
    }
    String format = "%4s  %-9s  %-54s  %-5s  %-10s  %-23s  %9s  %s%n";
    out.printf(
        Locale.ROOT,
        format,
        "id",
        "status",
        "name",
        "arch",
        "target",
        "trained (with validation)",
        "val. RIC",
        "created");
    for (RegisteredModel model : models) {
      Object rankIc = model.metrics().get("validation_rank_ic");
      out.printf(
          Locale.ROOT,
          format,
          model.id(),
          model.status().key(),
          model.name(),
          model.config().architecture().key(),
          model.config().target().key(),
          model.training().from() + ".." + model.validation().to(),
          rankIc instanceof Number number
              ? String.format(Locale.ROOT, "%.4f", number.doubleValue())
              : "-",
          model.createdAt().toLocalDateTime().toString().substring(0, 16).replace('T', ' '));
    }
    out.flush();
  }

  static void show(RegisteredModel model, PrintWriter out) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", model.id());
    fields.put("name", model.name());
    fields.put("status", model.status().key());
    fields.put("label", model.label().column());
    fields.put("hyper_parameters", model.config().toMap());
    fields.put("training", model.training().toString());
    fields.put("validation", model.validation().toString());
    // An empty list only on a model registered before V9: every symbol of the feature set then.
    fields.put("training_symbols", model.scope().symbols());
    fields.put("symbol_holdout_percent", model.scope().holdoutPercent());
    fields.put("feature_set_version", model.featureSetVersion());
    fields.put("feature_set_hash", model.featureSetHash());
    fields.put("config_hash", model.configHash());
    fields.put("code_version", model.codeVersion());
    fields.put("model_sha256", model.modelSha256());
    fields.put("walk_forward_run", model.walkForwardRun());
    fields.put("created_at", model.createdAt().toString());
    fields.put("metrics", model.metrics());
    try {
      out.println(JSON.writeValueAsString(fields));
    } catch (JsonProcessingException e) {
      throw new PipelineException("cannot print model " + model.id() + ": " + e.getMessage(), e);
    }
    out.flush();
  }
}
