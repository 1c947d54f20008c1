package io.stockpipe.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.model.baseline.SyntheticMarket;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.FeatureSets;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.data.SymbolScope;
import io.stockpipe.model.prediction.PredictService;
import io.stockpipe.model.registry.LoadedModel;
import io.stockpipe.model.registry.ModelRegistry;
import io.stockpipe.model.registry.ModelStatus;
import io.stockpipe.model.registry.NewModel;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.progress.Progress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A registered model is never changed but for its status: a retraining that gives other weights is
 * a new row, and the predictions made before keep the provenance they were made with.
 */
@ExtendWith(PostgresExtension.class)
class RegistryImmutabilityTest {
  private static final DateRange TRAINING =
      new DateRange(LocalDate.of(2021, 1, 4), LocalDate.of(2021, 9, 30));

  /** What a prediction's provenance and its model's stored bytes are. */
  private static final String PROVENANCE =
      "SELECT p.symbol, p.score, p.model_id, p.model_name, p.model_status, p.config_hash,"
          + " p.code_version, p.model_sha256, encode(sha256(m.model_bytes), 'hex'), m.created_at"
          + " FROM prediction_provenance p JOIN model_registry m ON m.id = p.model_id"
          + " ORDER BY p.symbol";

  private final SyntheticMarket market = new SyntheticMarket();
  private Database database;
  private ModelRegistry registry;

  @BeforeEach
  void insertMarket(Database database) throws Exception {
    this.database = database;
    this.registry = new ModelRegistry(database);
    market.insert(database);
  }

  @Test
  void aRetrainingWithOtherWeightsIsANewRowAndTheActiveModelAndItsPredictionsStayAsTheyWere()
      throws SQLException {
    RegisteredModel first = train();
    registry.promote(first.id());
    new PredictService(database).predict(market.date(SyntheticMarket.DAYS - 1), null);
    List<List<String>> provenance = rows(PROVENANCE);
    assertThat(provenance).hasSize(SyntheticMarket.SYMBOLS);

    // The features are rebuilt after a price correction, under the same version: same config,
    // other data, so other weights.
    execute(
        "UPDATE feature_row SET features[5] = features[5] * 1.5"
            + " WHERE symbol IN ('S1', 'S2') AND trade_date < DATE '2021-06-01'");
    RegisteredModel retrained = train();

    assertThat(retrained.configHash()).isEqualTo(first.configHash());
    assertThat(retrained.modelSha256()).isNotEqualTo(first.modelSha256());
    assertThat(retrained.id()).isNotEqualTo(first.id());
    assertThat(retrained.name())
        .isNotEqualTo(first.name())
        .endsWith(retrained.modelSha256().substring(0, 8));
    assertThat(retrained.status()).isEqualTo(ModelStatus.CANDIDATE);
    RegisteredModel active = registry.find(first.id());
    assertThat(active.status()).isEqualTo(ModelStatus.ACTIVE);
    assertThat(active).usingRecursiveComparison().ignoringFields("status").isEqualTo(first);
    assertThat(rows(PROVENANCE)).isEqualTo(provenance);
    // Its bytes are still the ones it predicted with (load checks them against model_sha256).
    registry.load(first.id());

    // The same training on the same data and code: the same weights, the same row, unchanged.
    assertThat(train()).isEqualTo(retrained);

    // Other code that happens to give other weights: a row of its own too, with its own version.
    LoadedModel loaded = registry.load(first.id());
    ((FittedNetwork) loaded.fitted()).network().params().addi(1e-3);
    RegisteredModel otherCode =
        registry.register(
            new NewModel(
                loaded.fitted(),
                first.label(),
                new FeatureSets(database).resolve(first.featureSetVersion()),
                first.training(),
                first.validation(),
                SymbolScope.ALL,
                first.scope().symbols(),
                first.metrics(),
                null,
                "v0.1-other-code"));
    assertThat(otherCode.id()).isNotIn(first.id(), retrained.id());
    assertThat(otherCode.configHash()).isEqualTo(first.configHash());
    assertThat(otherCode.codeVersion()).isEqualTo("v0.1-other-code");
    assertThat(registry.find(first.id()).codeVersion()).isEqualTo(first.codeVersion());
    assertThat(rows(PROVENANCE)).isEqualTo(provenance);
    assertThat(rows("SELECT count(*) FROM model_registry")).containsExactly(List.of("3"));
  }

  @Test
  void theDatabaseRefusesToChangeAModelButItsStatus() throws SQLException {
    RegisteredModel model = train();
    new PredictService(database).predict(market.date(SyntheticMarket.DAYS - 1), model.id());
    String where = " WHERE id = " + model.id();

    for (String change :
        List.of(
            "model_bytes = model_bytes || '\\x00'::bytea",
            "model_sha256 = repeat('0', 64)",
            "code_version = 'rewritten'",
            "training_symbols = NULL",
            "created_at = now() - interval '1 day'")) {
      assertThatThrownBy(() -> execute("UPDATE model_registry SET " + change + where))
          .as(change)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("is immutable: only status and status_changed_at may change");
    }
    // A model that made predictions cannot go either: they name it (prediction's foreign key).
    assertThatThrownBy(() -> execute("DELETE FROM model_registry" + where))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("prediction");

    execute("UPDATE model_registry SET status = 'retired', status_changed_at = now()" + where);
    RegisteredModel retired = registry.find(model.id());
    assertThat(retired.status()).isEqualTo(ModelStatus.RETIRED);
    assertThat(retired.modelSha256()).isEqualTo(model.modelSha256());
    assertThat(registry.promote(model.id()).status()).isEqualTo(ModelStatus.ACTIVE);
  }

  private RegisteredModel train() {
    return new TrainService(database)
        .train(
            new TrainRequest(
                TrainServiceTest.small(), Label.NEXT_RETURN_1D, null, TRAINING, null, null, 0),
            Progress.Factory.SILENT)
        .folds()
        .get(0)
        .model();
  }

  private List<List<String>> rows(String sql) {
    return QueryRunner.asOwner(database.dataSource()).run(sql).rows();
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
