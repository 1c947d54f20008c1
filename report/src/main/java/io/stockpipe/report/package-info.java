/**
 * The analysts' report of one business date: {@link io.stockpipe.report.ReportService} reads the
 * report views, summarises them and writes one self-contained HTML file with a CSV per table.
 */
package io.stockpipe.report;
