package dev.hetflow.experiments.training;

/** One epoch of a run's curve (Fig. 3): mean training bits/dim, validation bits/dim, the next learning rate. */
public record EpochPoint(int epoch, double trainBitsPerDim, double validBitsPerDim, double learningRate) {
}
