package io.stockpipe.model.evaluation;

/** The family a model belongs to, stored in model_evaluation.model_kind. */
public enum ModelKind {
  /** A rule with nothing fitted: predict zero, momentum, mean reversion. */
  NAIVE("naive"),
  MLLIB("mllib"),
  DL4J("dl4j");

  private final String key;

  ModelKind(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}
