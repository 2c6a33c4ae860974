package dev.hetflow.trainer.model;

/**
 * Everything needed to continue training a model where it was: parameters and optimizer state as one opaque flat
 * array in the adapter's documented layout, the optimizer's step count, the learning rate, and the seed of the random
 * stream the model draws from (noise for Hutchinson's estimator or the VAE's reparameterization).
 *
 * @param kind         {@code ffjord} or {@code snf}; a snapshot only restores into the same kind and settings
 * @param state        parameters followed by optimizer state
 * @param step         optimizer steps taken
 * @param learningRate the learning rate in force
 * @param rngSeed      seed of the model's random stream from {@code step} on
 */
public record ModelSnapshot(String kind, float[] state, long step, double learningRate, long rngSeed) {
}
