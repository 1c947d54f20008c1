package io.stockpipe.report.data;

import java.time.LocalDate;
import java.util.Optional;
import tech.tablesaw.api.Table;

/**
 * Everything one report shows, read from the report views for {@code date}. Tables are Tablesaw's
 * and are not copied: treat them as read-only.
 *
 * @param model the model shown; empty when no model has predicted on or before the date
 * @param predictions the shown model's predictions of {@code model.predictedOn()}, by rank
 * @param history the shown model's predictions of the year up to the date, with realised returns
 * @param scorecard report.model_scorecard for the year up to the date: every model and baseline
 * @param prices closes of the 60 trading days up to the date, of the symbols the report charts
 * @param dataQuality report.data_quality, worst first
 * @param jobRuns report.job_runs of the date
 */
public record ReportData(
    LocalDate date,
    Optional<ShownModel> model,
    Table predictions,
    Table history,
    Table scorecard,
    Table prices,
    Table dataQuality,
    Table jobRuns) {}
