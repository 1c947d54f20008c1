/**
 * model_registry: every trained network with its bytes, scaling and provenance (data range, feature
 * set hash, config hash, code version), and its status candidate → active → retired.
 */
package io.stockpipe.model.registry;
