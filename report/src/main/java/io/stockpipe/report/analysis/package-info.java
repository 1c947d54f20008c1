/**
 * The summaries a quant reads off a model's record: cumulative long-short with drawdown, IC
 * statistics, decile returns, turnover and rank stability. Pure functions of Tablesaw tables.
 */
package io.stockpipe.report.analysis;
