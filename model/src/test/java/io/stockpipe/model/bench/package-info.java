/**
 * Benchmarks run by the scripts under {@code bench/}, not by the test suite: they live in test
 * sources so that the product jars carry none of them, and they drive the product's own classes.
 */
package io.stockpipe.model.bench;
