package dev.hetflow.trainer.loop;

/**
 * The end of an epoch: mean training bits/dim over its steps and validation bits/dim over the validation split.
 *
 * @param epoch                       the epoch that ended (0-based)
 * @param iteration                   iterations done
 * @param trainBitsPerDim             mean of the epoch's step figures (training solver)
 * @param validBitsPerDim             evaluated after the epoch with the evaluation solver, NaN when the validation
 *                                    split is empty: the reported figure
 * @param validBitsPerDimTrainSolver  the same samples with the training solver, for comparison
 * @param evaluationMethod            how validBitsPerDim was computed, e.g. {@code dopri5, atol 1e-05, rtol 1e-05}
 * @param validationNfe               the evaluation solver's right-hand-side evaluations on the costliest validation
 *                                    batch (what the divergence guard's NFE limit judges)
 * @param learningRate                the learning rate for the next epoch
 * @param samplesPerSec               training throughput
 */
public record EpochReport(int epoch, long iteration, double trainBitsPerDim, double validBitsPerDim,
        double validBitsPerDimTrainSolver, String evaluationMethod, long validationNfe, double learningRate,
        double samplesPerSec) {
}
