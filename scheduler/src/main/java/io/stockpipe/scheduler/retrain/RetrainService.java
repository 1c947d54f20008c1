package io.stockpipe.scheduler.retrain;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.DatabaseUnavailableException;
import io.stockpipe.errors.TransientException;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.FeatureSetInfo;
import io.stockpipe.model.data.FeatureSets;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.data.SymbolScope;
import io.stockpipe.model.evaluation.Prediction;
import io.stockpipe.model.registry.ModelRegistry;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.model.training.TrainRequest;
import io.stockpipe.model.training.TrainService;
import io.stockpipe.progress.Progress;
import io.stockpipe.scheduler.retrain.WindowScorer.Sample;
import io.stockpipe.scheduler.retrain.WindowScorer.Scores;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The retrain: trains a candidate on the newest years of dates with labels, scores it and the
 * active model on the candidate's validation window (the trainer's last 20% of dates) with the same
 * metric on the same samples, promotes it only if its mean daily rank IC beats the active model's
 * by the policy's margin, and records the decision with both scores in retrain_decision.
 *
 * <p>What is fair: the candidate never trained on its validation dates, only watched them to stop
 * early. The active model is judged on those of them it did not train on either (dates after its
 * training end plus one label horizon, the gap the trainer leaves); it may have watched them for
 * its own early stopping, which is the same exposure the candidate had. A week after the last
 * retrain that is the whole window. If it leaves fewer than {@link #MIN_JUDGED_DAYS} dates (the
 * active model trained on a shorter, newer range, say), or the active model cannot predict at all
 * (its feature set's definition changed), it cannot be judged fairly: the candidate, validated on
 * dates it did not learn from and trained on newer ones, replaces it, and the decision says so.
 *
 * <p>What {@code stockpipe retrain} and the weekly job call. Thread-safe as its parts are; ND4J's
 * settings are process-wide, so a node runs it under its one-step-at-a-time lock.
 */
public final class RetrainService {
  /** Fewer dates than this (or than the whole window, if shorter) judge no model fairly. */
  public static final int MIN_JUDGED_DAYS = 20;

  private final Database database;
  private final ModelRegistry registry;
  private final WindowScorer scorer;
  private final RetrainDecisionStore decisions;

  public RetrainService(Database database) {
    this.database = database;
    this.registry = new ModelRegistry(database);
    this.scorer = new WindowScorer(database);
    this.decisions = new RetrainDecisionStore(database);
  }

  /** Trains a candidate as {@code policy} says, then {@link #decide}s on it. */
  public RetrainDecision retrain(RetrainPolicy policy, Progress.Factory progress) {
    // Before hours of training: a candidate of another label could not be compared.
    registry.active().ifPresent(active -> requireSameLabel(active, policy.label()));
    FeatureSetInfo featureSet = new FeatureSets(database).resolve(null);
    LocalDate latest = latestLabelledDate(featureSet, policy.label());
    DateRange range = new DateRange(latest.minusYears(policy.trainingYears()), latest);
    TrainRequest request =
        new TrainRequest(
            policy.network(),
            policy.label(),
            featureSet.version(),
            range,
            null,
            SymbolScope.ALL,
            0);
    RegisteredModel candidate =
        new TrainService(database).train(request, progress).folds().get(0).model();
    return decide(candidate.id(), policy.promoteMargin());
  }

  /**
   * Judges {@code candidateId} against the model active now on the candidate's validation window,
   * promotes it if it is better by {@code margin}, and records the decision.
   */
  public RetrainDecision decide(long candidateId, double margin) {
    RetrainPolicy.requireMargin(margin);
    RegisteredModel candidate = registry.find(candidateId);
    DateRange window = candidate.validation();
    Map<Sample, Prediction> candidatePredictions =
        scorer
            .predictions(candidate, window)
            .orElseThrow(
                () ->
                    new BadInputException(
                        "model "
                            + candidateId
                            + "'s feature set "
                            + candidate.featureSetVersion()
                            + " has changed since it was trained: it cannot predict; retrain"));
    Predicate<LocalDate> wholeWindow = date -> true;
    Optional<RegisteredModel> active = registry.active();
    if (active.isEmpty()) {
      return promote(
          candidate,
          null,
          judged(candidatePredictions, wholeWindow),
          margin,
          "no model was active");
    }
    RegisteredModel current = active.get();
    if (current.id() == candidate.id()) {
      Scores itself = WindowScorer.alone(candidatePredictions, wholeWindow);
      return decisions.record(
          candidate.id(),
          current.id(),
          range(candidatePredictions, wholeWindow),
          itself.days(),
          itself.candidateRankIc(),
          itself.candidateRankIc(),
          margin,
          false,
          "the candidate is the active model already: the same configuration, data and weights");
    }
    requireSameLabel(current, candidate.label());
    Optional<Map<Sample, Prediction>> activePredictions = scorer.predictions(current, window);
    if (activePredictions.isEmpty()) {
      return promote(
          candidate,
          current,
          judged(candidatePredictions, wholeWindow),
          margin,
          "the active model "
              + current.id()
              + " cannot predict: its feature set "
              + current.featureSetVersion()
              + " has changed since it was trained, so it cannot be judged; the candidate"
              + " replaces it");
    }
    // The last date whose label overlaps one the active model trained on.
    LocalDate learnedUntil =
        TradingCalendar.load(database.dataSource())
            .plusTradingDays(current.training().to(), current.label().horizonRows());
    Predicate<LocalDate> unseen = date -> date.isAfter(learnedUntil);
    int windowDays = WindowScorer.days(candidatePredictions, wholeWindow);
    int unseenDays = WindowScorer.days(candidatePredictions, unseen);
    int needed = Math.min(MIN_JUDGED_DAYS, windowDays);
    if (unseenDays < needed) {
      return promote(
          candidate,
          current,
          judged(candidatePredictions, wholeWindow),
          margin,
          String.format(
              Locale.ROOT,
              "the active model %d trained on dates up to %s, which leaves %d of the window's %d"
                  + " dates it did not learn from (at least %d needed): it cannot be judged"
                  + " fairly, so the candidate, trained on newer dates, replaces it",
              current.id(),
              current.training().to(),
              unseenDays,
              windowDays,
              needed));
    }
    Scores scores = WindowScorer.compare(candidatePredictions, activePredictions.get(), unseen);
    DateRange judgedRange = range(candidatePredictions, unseen);
    boolean better = scores.candidateRankIc() >= scores.activeRankIc() + margin;
    String reason =
        String.format(
            Locale.ROOT,
            "rank IC %.4f %s %.4f + margin %.4f on %d dates%s",
            scores.candidateRankIc(),
            better ? ">=" : "<",
            scores.activeRankIc(),
            margin,
            scores.days(),
            judgedRange.from().equals(window.from())
                ? ""
                : " (the window's dates after "
                    + learnedUntil
                    + " only: the active model trained up to "
                    + current.training().to()
                    + ")");
    if (!better) {
      return decisions.record(
          candidate.id(),
          current.id(),
          judgedRange,
          scores.days(),
          scores.candidateRankIc(),
          scores.activeRankIc(),
          margin,
          false,
          reason);
    }
    requireStillActive(current);
    registry.promote(candidate.id());
    return decisions.record(
        candidate.id(),
        current.id(),
        judgedRange,
        scores.days(),
        scores.candidateRankIc(),
        scores.activeRankIc(),
        margin,
        true,
        reason);
  }

  /** The candidate's score alone, on the dates {@code judged} accepts. */
  private record Judged(DateRange range, Scores scores) {}

  private static Judged judged(Map<Sample, Prediction> predictions, Predicate<LocalDate> dates) {
    return new Judged(range(predictions, dates), WindowScorer.alone(predictions, dates));
  }

  /** Promotes the candidate without a score of the active model to compare with. */
  private RetrainDecision promote(
      RegisteredModel candidate,
      RegisteredModel active,
      Judged judged,
      double margin,
      String reason) {
    if (active != null) {
      requireStillActive(active);
    }
    registry.promote(candidate.id());
    return decisions.record(
        candidate.id(),
        active == null ? null : active.id(),
        judged.range(),
        judged.scores().days(),
        judged.scores().candidateRankIc(),
        null,
        margin,
        true,
        reason);
  }

  /**
   * Another retrain cannot run meanwhile (the retrain's lease), but an operator may have promoted a
   * model by hand: then this decision was taken against the wrong one.
   */
  private void requireStillActive(RegisteredModel judgedAgainst) {
    Optional<RegisteredModel> now = registry.active();
    if (now.isEmpty() || now.get().id() != judgedAgainst.id()) {
      throw new TransientException(
          "model "
              + now.map(model -> Long.toString(model.id())).orElse("(none)")
              + " became active while the retrain judged against model "
              + judgedAgainst.id()
              + ": nothing was promoted; run the retrain again",
          null);
    }
  }

  private static void requireSameLabel(RegisteredModel active, Label label) {
    if (active.label() != label) {
      throw new BadInputException(
          "the active model "
              + active.id()
              + " predicts "
              + active.label().column()
              + ", not "
              + label.column()
              + ": a retrain compares models of the same label (--label "
              + active.label().column()
              + ")");
    }
  }

  /** First to last date of the samples {@code dates} accepts. */
  private static DateRange range(Map<Sample, Prediction> predictions, Predicate<LocalDate> dates) {
    LocalDate first = null;
    LocalDate last = null;
    for (Sample sample : predictions.keySet()) {
      LocalDate date = sample.date();
      if (!dates.test(date)) {
        continue;
      }
      first = first == null || date.isBefore(first) ? date : first;
      last = last == null || date.isAfter(last) ? date : last;
    }
    if (first == null) {
      throw new BadInputException("no samples with features and labels to judge the models on");
    }
    return new DateRange(first, last);
  }

  /** The newest date with features of {@code featureSet} and a value of {@code label}. */
  private LocalDate latestLabelledDate(FeatureSetInfo featureSet, Label label) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT max(f.trade_date) FROM feature_row f JOIN label_row l"
                    + " ON l.symbol = f.symbol AND l.trade_date = f.trade_date"
                    + " WHERE f.feature_set_version = ? AND l."
                    + label.column()
                    + " IS NOT NULL")) {
      query.setString(1, featureSet.version());
      try (ResultSet row = query.executeQuery()) {
        row.next();
        Date latest = row.getDate(1);
        if (latest == null) {
          throw new BadInputException(
              "feature set "
                  + featureSet.version()
                  + " has no dates with a "
                  + label.column()
                  + " label: ingest prices and run `stockpipe features` first");
        }
        return latest.toLocalDate();
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "could not read the newest labelled date: " + e.getMessage(), e);
    }
  }
}
