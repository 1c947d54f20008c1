package io.stockpipe.model.registry;

import io.stockpipe.model.training.FittedModel;

/** A registered model with its network (or blend) read back from the registry, ready to predict. */
public record LoadedModel(RegisteredModel info, FittedModel fitted) {}
