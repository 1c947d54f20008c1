/**
 * The two Deeplearning4j architectures (a dense MLP on one day's features, a 1-D CNN over the last
 * N days) and the immutable configuration that builds them, with its hash for provenance.
 */
package io.stockpipe.model.network;
