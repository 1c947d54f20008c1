package io.stockpipe.model.network;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Builds the initialised network a {@link NetworkConfig} describes. */
public final class Networks {
  private Networks() {}

  /**
   * A fresh network with weights drawn from the config's seed.
   *
   * @param featureCount inputs per day
   */
  public static MultiLayerNetwork build(NetworkConfig config, int featureCount) {
    if (config.architecture() == Architecture.BLEND) {
      throw new IllegalArgumentException("a blend is built member by member: build its members");
    }
    NeuralNetConfiguration.ListBuilder layers =
        new NeuralNetConfiguration.Builder()
            .seed(config.seed())
            .dataType(DataType.FLOAT)
            .updater(new Adam(config.learningRate()))
            .weightInit(WeightInit.XAVIER)
            .l2(config.l2())
            .trainingWorkspaceMode(WorkspaceMode.ENABLED)
            .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
            .list();
    int layer = 0;
    if (config.architecture() == Architecture.CNN) {
      for (int channels : config.convChannels()) {
        layers.layer(
            layer++,
            new Convolution1DLayer.Builder()
                .kernelSize(config.kernelSize())
                .convolutionMode(ConvolutionMode.Same)
                .nOut(channels)
                .activation(Activation.RELU)
                .build());
        // Max-pooling halves the days after every convolution but the last, which the global
        // pooling below summarises instead.
        if (layer < 2 * config.convChannels().size() - 1) {
          layers.layer(
              layer++,
              new Subsampling1DLayer.Builder(PoolingType.MAX)
                  .kernelSize(2)
                  .stride(2)
                  .convolutionMode(ConvolutionMode.Same)
                  .build());
        }
      }
      layers.layer(layer++, new GlobalPoolingLayer.Builder(PoolingType.MAX).build());
    }
    for (int units : config.hiddenUnits()) {
      DenseLayer.Builder dense = new DenseLayer.Builder().nOut(units).activation(Activation.RELU);
      if (config.dropout() > 0) {
        // DL4J's dropOut(p) is the probability of keeping a unit.
        dense.dropOut(1 - config.dropout());
      }
      layers.layer(layer++, dense.build());
    }
    layers.layer(layer, outputLayer(config.target()));
    layers.setInputType(
        config.architecture() == Architecture.CNN
            ? InputType.recurrent(featureCount, config.windowDays())
            : InputType.feedForward(featureCount));
    MultiLayerConfiguration configuration = layers.build();
    MultiLayerNetwork network = new MultiLayerNetwork(configuration);
    network.init();
    return network;
  }

  private static OutputLayer outputLayer(Target target) {
    return switch (target) {
      case REGRESSION, RANK, ZSCORE ->
          new OutputLayer.Builder(LossFunction.MSE).nOut(1).activation(Activation.IDENTITY).build();
      case SIGN ->
          new OutputLayer.Builder(LossFunction.MCXENT)
              .nOut(2)
              .activation(Activation.SOFTMAX)
              .build();
    };
  }
}
