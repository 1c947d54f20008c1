package io.stockpipe.model.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockpipe.db.Database;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.PipelineException;
import io.stockpipe.model.blend.FittedBlend;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.data.SymbolScope;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.samples.InputScaler;
import io.stockpipe.model.training.FittedNetwork;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores and finds models in model_registry. The network bytes live in PostgreSQL, so any node of a
 * cluster can load a model without a shared disk. Thread-safe: it holds nothing but the database.
 */
public final class ModelRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private static final String COLUMNS =
      "id, name, hyper_parameters, label, train_from, train_to, validation_from, validation_to,"
          + " feature_set_version, feature_set_hash, config_hash, code_version, metrics,"
          + " model_sha256, walk_forward_run, training_symbols, symbol_holdout_percent, status,"
          + " created_at";

  /**
   * A model is its config hash and its weights' hash (V9's unique key): retraining that gives the
   * same weights adds nothing; other weights are a new row. A stored row is never updated (V9's
   * trigger refuses it but for its status): its bytes and provenance are what its predictions were
   * made with.
   */
  private static final String INSERT =
      "INSERT INTO model_registry (name, architecture, target, label, hyper_parameters,"
          + " train_from, train_to, validation_from, validation_to, feature_set_version,"
          + " feature_set_hash, config_hash, code_version, input_scaling, metrics, model_bytes,"
          + " model_sha256, walk_forward_run, training_symbols, symbol_holdout_percent)"
          + " VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?,"
          + " ?)"
          + " ON CONFLICT (config_hash, model_sha256) DO NOTHING"
          + " RETURNING id";

  private static final String SAME_MODEL =
      "SELECT id FROM model_registry WHERE config_hash = ? AND model_sha256 = ?";

  private final Database database;

  public ModelRegistry(Database database) {
    this.database = database;
  }

  /**
   * The model as registered: a new row, or the one already holding the same config and the same
   * bytes (a rerun of the same training on the same code), unchanged.
   */
  public RegisteredModel register(NewModel model) {
    byte[] bytes = model.fitted().modelBytes();
    String sha256 = NewModel.sha256(bytes);
    String configHash = model.configHash();
    String name = model.name(sha256);
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      NetworkConfig config = model.fitted().config();
      int p = 1;
      insert.setString(p++, name);
      insert.setString(p++, config.architecture().key());
      insert.setString(p++, config.target().key());
      insert.setString(p++, model.label().column());
      insert.setString(p++, json(config.toMap()));
      insert.setDate(p++, Date.valueOf(model.training().from()));
      insert.setDate(p++, Date.valueOf(model.training().to()));
      insert.setDate(p++, Date.valueOf(model.validation().from()));
      insert.setDate(p++, Date.valueOf(model.validation().to()));
      insert.setString(p++, model.featureSet().version());
      insert.setString(p++, model.featureSet().registryHash());
      insert.setString(p++, configHash);
      insert.setString(p++, model.codeVersion());
      insert.setString(p++, json(model.fitted().scaler().toMap()));
      insert.setString(p++, json(model.metrics()));
      insert.setBytes(p++, bytes);
      insert.setString(p++, sha256);
      insert.setString(p++, model.walkForwardRun());
      insert.setArray(p++, connection.createArrayOf("text", model.trainedSymbols().toArray()));
      insert.setInt(p, model.scope().holdoutPercent());
      try (ResultSet inserted = insert.executeQuery()) {
        if (inserted.next()) {
          return find(inserted.getLong(1));
        }
      }
      try (PreparedStatement same = connection.prepareStatement(SAME_MODEL)) {
        same.setString(1, configHash);
        same.setString(2, sha256);
        try (ResultSet existing = same.executeQuery()) {
          existing.next();
          return find(existing.getLong(1));
        }
      }
    } catch (SQLException e) {
      throw new PipelineException("could not register model " + name + ": " + e.getMessage(), e);
    }
  }

  public RegisteredModel find(long id) {
    return query("SELECT " + COLUMNS + " FROM model_registry WHERE id = ?", id).stream()
        .findFirst()
        .orElseThrow(
            () ->
                new BadInputException(
                    "no model " + id + " in model_registry: `stockpipe model list` shows them"));
  }

  /** Newest first. */
  public List<RegisteredModel> list() {
    return query("SELECT " + COLUMNS + " FROM model_registry ORDER BY created_at DESC, id DESC");
  }

  public Optional<RegisteredModel> active() {
    return query("SELECT " + COLUMNS + " FROM model_registry WHERE status = 'active'").stream()
        .findFirst();
  }

  /** The model with its network (or blend) and scaling, ready to predict. */
  public LoadedModel load(long id) {
    RegisteredModel info = find(id);
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT model_bytes, input_scaling FROM model_registry WHERE id = ?")) {
      query.setLong(1, id);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        byte[] bytes = row.getBytes(1);
        if (!NewModel.sha256(bytes).equals(info.modelSha256())) {
          throw new PipelineException(
              "model "
                  + id
                  + ": stored bytes do not match model_sha256; the row was altered, retrain it");
        }
        InputScaler scaler = InputScaler.fromMap(JSON.readValue(row.getString(2), MAP));
        NetworkConfig config = info.config();
        return new LoadedModel(
            info,
            config.architecture() == Architecture.BLEND
                ? FittedBlend.fromBytes(bytes, scaler, config)
                : FittedNetwork.fromBytes(bytes, scaler, config));
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new PipelineException("could not load model " + id + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes {@code id} the active model and retires the one active before, in one transaction, so
   * that there is never a moment with two active models or none. A retired model can be promoted
   * again: that is how an operator rolls back to the model before.
   */
  public RegisteredModel promote(long id) {
    find(id);
    changeStatus(
        id,
        "UPDATE model_registry SET status = 'retired', status_changed_at = now()"
            + " WHERE status = 'active' AND id <> ?",
        "UPDATE model_registry SET status = 'active', status_changed_at = now()"
            + " WHERE id = ? AND status <> 'active'");
    return find(id);
  }

  public RegisteredModel retire(long id) {
    find(id);
    changeStatus(
        id,
        "UPDATE model_registry SET status = 'retired', status_changed_at = now()"
            + " WHERE id = ? AND status <> 'retired'");
    return find(id);
  }

  /** Runs each statement with {@code id} as its one parameter, all in one transaction. */
  private void changeStatus(long id, String... statements) {
    try {
      database.inTransaction(
          connection -> {
            for (String statement : statements) {
              try (PreparedStatement update = connection.prepareStatement(statement)) {
                update.setLong(1, id);
                update.executeUpdate();
              }
            }
          });
    } catch (SQLException e) {
      throw new PipelineException(
          "could not change the status of model " + id + ": " + e.getMessage(), e);
    }
  }

  private List<RegisteredModel> query(String sql, Object... parameters) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        query.setObject(i + 1, parameters[i]);
      }
      List<RegisteredModel> models = new ArrayList<>();
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          models.add(read(row));
        }
      }
      return models;
    } catch (SQLException | JsonProcessingException e) {
      throw new PipelineException("could not read model_registry: " + e.getMessage(), e);
    }
  }

  private static RegisteredModel read(ResultSet row) throws SQLException, JsonProcessingException {
    return new RegisteredModel(
        row.getLong("id"),
        row.getString("name"),
        NetworkConfig.fromMap(JSON.readValue(row.getString("hyper_parameters"), MAP)),
        label(row.getString("label")),
        new DateRange(
            row.getDate("train_from").toLocalDate(), row.getDate("train_to").toLocalDate()),
        new DateRange(
            row.getDate("validation_from").toLocalDate(),
            row.getDate("validation_to").toLocalDate()),
        new SymbolScope(
            symbols(row.getArray("training_symbols")), row.getInt("symbol_holdout_percent")),
        row.getString("feature_set_version"),
        row.getString("feature_set_hash"),
        row.getString("config_hash"),
        row.getString("code_version"),
        JSON.readValue(row.getString("metrics"), MAP),
        row.getString("model_sha256"),
        row.getString("walk_forward_run"),
        ModelStatus.parse(row.getString("status")),
        row.getObject("created_at", OffsetDateTime.class));
  }

  private static List<String> symbols(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  static Label label(String column) {
    return Arrays.stream(Label.values())
        .filter(label -> label.column().equals(column))
        .findFirst()
        .orElseThrow(() -> new PipelineException("unknown label in model_registry: " + column));
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new PipelineException("cannot write JSON: " + e.getMessage(), e);
    }
  }
}
