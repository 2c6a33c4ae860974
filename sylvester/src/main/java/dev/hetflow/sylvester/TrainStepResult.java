package dev.hetflow.sylvester;

/**
 * Loss components of one training step, per example in nats (batch means; single-sample estimates).
 *
 * @param loss           reconstruction + beta * kl, the minimized objective
 * @param reconstruction -log p(x|zK)
 * @param kl             log q0(z0) - log p(zK) - sum log|det J|, the flow-corrected KL term
 * @param freeEnergy     reconstruction + kl = -ELBO (eq. 7 at beta = 1)
 * @param bitsPerDim     freeEnergy / (dims ln 2)
 * @param applied        false when the loss or a gradient was not finite: parameters were left unchanged
 */
public record TrainStepResult(long step, double beta, double learningRate, double loss, double reconstruction,
        double kl, double freeEnergy, double bitsPerDim, double gradientNorm, boolean applied) {
}
