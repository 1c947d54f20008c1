/**
 * What a report reads: the views of schema {@code report}, as Tablesaw tables, for one date. It
 * never reads a base table, so the report sees what an analyst sees.
 */
package io.stockpipe.report.data;
