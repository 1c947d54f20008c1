/**
 * The exception hierarchy: one unchecked root, {@link io.stockpipe.errors.PipelineException}, and
 * subclasses that mean something to an operator.
 */
package io.stockpipe.errors;
