package io.stockpipe.model.registry;

import io.stockpipe.model.training.FittedNetwork;

/** A registered model with its network read back from the registry, ready to predict. */
public record LoadedModel(RegisteredModel info, FittedNetwork fitted) {}
