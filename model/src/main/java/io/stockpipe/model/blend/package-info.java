/**
 * {@code stockpipe train --model blend}: a dense network, a CNN and MLlib gradient-boosted trees on
 * the same samples, their per-date ranks weighted as the validation dates choose; one registry row.
 */
package io.stockpipe.model.blend;
