package io.stockpipe.model.training;

/**
 * One pass over the training samples.
 *
 * @param epoch 1-based
 * @param trainingLoss mean minibatch loss (with weight decay)
 * @param validationLoss mean loss on the validation window, in the units the loss sees
 * @param validationRankIc mean daily rank IC on the validation window against the raw labels, NaN
 *     when no date had one
 * @param samplesPerSecond training throughput of this epoch
 */
public record EpochStats(
    int epoch,
    double trainingLoss,
    double validationLoss,
    double validationRankIc,
    double samplesPerSecond) {}
