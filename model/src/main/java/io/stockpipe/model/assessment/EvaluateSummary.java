package io.stockpipe.model.assessment;

import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.evaluation.EvaluationMetrics;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.model.training.LeakCheck;
import java.util.Locale;

/**
 * What {@code stockpipe evaluate} measured.
 *
 * @param model the model judged
 * @param test its test dates
 * @param unseenSymbolsOnly whether only symbols it did not learn from were judged
 * @param metrics on them
 * @param leakCheck the same training on shuffled labels, on the same test dates
 * @param seconds wall time
 */
public record EvaluateSummary(
    RegisteredModel model,
    DateRange test,
    boolean unseenSymbolsOnly,
    EvaluationMetrics metrics,
    LeakCheck.Result leakCheck,
    double seconds) {

  public String table() {
    return String.format(
        Locale.ROOT,
        "model %d %s, trained %s..%s, tested %s%s: %d predictions on %d dates%n"
            + "  rank IC %s (t %s)  IC %s (t %s)  direction %s%n"
            + "  top decile hit %s  bottom decile hit %s  long-short %s/day (t %s)%n"
            + "  leak check, labels shuffled within each date: %s%n"
            + "%.1f s%n",
        model.id(),
        model.name(),
        model.training().from(),
        model.validation().to(),
        test,
        unseenSymbolsOnly ? " on symbols it never saw" : "",
        metrics.testRows(),
        metrics.testDays(),
        number(metrics.rankIc().mean()),
        number(metrics.rankIc().tStat()),
        number(metrics.ic().mean()),
        number(metrics.ic().tStat()),
        number(metrics.directionalAccuracy()),
        number(metrics.deciles().topHitRate()),
        number(metrics.deciles().bottomHitRate()),
        number(metrics.deciles().longShort().mean()),
        number(metrics.deciles().longShort().tStat()),
        leakCheck.verdict(),
        seconds);
  }

  private static String number(Double value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
  }
}
