package dev.hetflow.ffjord.dynamics;

/**
 * One method per kind of {@link Dynamics} net: a walker of the layer tree (the ONNX export) implements it, so a new
 * kind of net fails to compile there until it is handled.
 */
public interface DynamicsVisitor<R> {

    R mlp(MlpDynamics net);

    R conv(ConvDynamics net);

    R labelMean(LabelMeanDynamics net);

    R imageChannels(ImageChannelDynamics net);
}
