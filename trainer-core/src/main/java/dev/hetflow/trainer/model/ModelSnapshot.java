package dev.hetflow.trainer.model;

/**
 * Everything needed to continue training a model where it was: parameters and optimizer state as one opaque flat
 * array in the model's documented layout, the optimizer's step count, and the seed of the random stream the model
 * draws from (noise for Hutchinson's estimator or the VAE's reparameterization). The learning rate is not here: the
 * training loop's scheduler owns it.
 *
 * @param kind    the model's family ({@code ffjord} or {@code snf}); a snapshot only restores into the same spec
 * @param state   parameters followed by optimizer state
 * @param step    optimizer steps taken
 * @param rngSeed seed of the model's random stream from {@code step} on
 */
public record ModelSnapshot(String kind, float[] state, long step, long rngSeed) {
}
