/**
 * Training a Deeplearning4j network: minibatches in a seeded order, early stopping on a
 * time-ordered validation window, and walk-forward folds in which every test date is predicted by a
 * model trained only on earlier dates.
 */
package io.stockpipe.model.training;
