/**
 * {@code stockpipe.yaml}: the sources, schedule, time zone and retrain policy of the nightly, read
 * once into an immutable record tree, validated with messages that name the key and its line.
 */
package io.stockpipe.scheduler.config;
