/**
 * Feature rows held in memory for a Deeplearning4j model: read once from feature_row and label_row,
 * scaled with statistics of the training rows only, and cut into minibatches of single days (dense)
 * or windows of days (CNN).
 */
package io.stockpipe.model.samples;
