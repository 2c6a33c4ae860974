package dev.hetflow.experiments.training;

/**
 * One epoch of a run's curve (Fig. 3): mean training bits/dim, validation bits/dim with the model's evaluation solver
 * (Dormand-Prince for FFJORD), the next learning rate, and the validation figure with the training solver beside it.
 */
public record EpochPoint(int epoch, double trainBitsPerDim, double validBitsPerDim, double learningRate,
        double validBitsPerDimTrainSolver) {

    /** A point without the training solver's figure. */
    public EpochPoint(int epoch, double trainBitsPerDim, double validBitsPerDim, double learningRate) {
        this(epoch, trainBitsPerDim, validBitsPerDim, learningRate, Double.NaN);
    }
}
