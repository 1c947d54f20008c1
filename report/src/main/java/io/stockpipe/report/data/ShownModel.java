package io.stockpipe.report.data;

import java.time.LocalDate;

/**
 * The model a report is about, with the provenance that traces it, from report.models.
 *
 * @param predictedOn the as-of date of the predictions shown: the report's date, or the newest date
 *     before it on which this model predicted
 */
public record ShownModel(
    long id,
    String name,
    String status,
    String architecture,
    String target,
    String label,
    LocalDate trainFrom,
    LocalDate trainTo,
    LocalDate validationFrom,
    LocalDate validationTo,
    String featureSetVersion,
    String featureSetHash,
    String configHash,
    String codeVersion,
    String modelSha256,
    LocalDate predictedOn) {}
