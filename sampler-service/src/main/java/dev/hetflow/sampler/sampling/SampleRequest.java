package dev.hetflow.sampler.sampling;

/**
 * What a caller asks for; null fields take their defaults.
 *
 * @param n           number of samples, 1..hetflow.sampler.max-samples (default 1)
 * @param seed        random seed (default: drawn, and reported back)
 * @param temperature latent standard deviation, in (0, 2] (default 1)
 * @param steps       solver steps for FFJORD, 1..hetflow.sampler.max-steps (default: the model's)
 */
public record SampleRequest(Integer n, Long seed, Double temperature, Integer steps) {
}
