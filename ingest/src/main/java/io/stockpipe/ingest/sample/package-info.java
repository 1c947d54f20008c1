/**
 * Sample data the product makes itself (for the demo and tests): geometric Brownian motion bars
 * with a fixed seed, and a few deliberately bad rows.
 */
package io.stockpipe.ingest.sample;
