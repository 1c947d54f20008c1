/**
 * The report's page: escaped HTML, inline SVG sparklines, Apache ECharts inlined with the chart
 * options as JSON, and a marker the browser test reads when every chart has drawn.
 */
package io.stockpipe.report.html;
