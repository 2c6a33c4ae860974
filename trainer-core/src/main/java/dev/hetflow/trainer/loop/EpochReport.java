package dev.hetflow.trainer.loop;

/**
 * The end of an epoch: mean training bits/dim over its steps and validation bits/dim over the validation split.
 *
 * @param epoch              the epoch that ended (0-based)
 * @param iteration          iterations done
 * @param trainBitsPerDim    mean of the epoch's step figures
 * @param validBitsPerDim    evaluated after the epoch, NaN when the validation split is empty
 * @param learningRate       the learning rate for the next epoch
 * @param samplesPerSec      training throughput
 */
public record EpochReport(int epoch, long iteration, double trainBitsPerDim, double validBitsPerDim,
        double learningRate, double samplesPerSec) {
}
