package dev.hetflow.sampler.sampling;

import java.util.List;

/**
 * Neighbours of one observation: its latent from the encoder plus uniform noise (the paper's Fig. 4).
 *
 * @param observation  C*H*W normalized values, channel-major; or leave it out and name a datasetIndex
 * @param datasetIndex a sample of the model's training data set (regenerated for synthetic PIV)
 * @param noise       maximum of the uniform noise added to the latent, 0.1..0.5 in the paper (allowed 0..1)
 * @param n           number of neighbours (default 8)
 * @param seed        random seed (default: drawn)
 * @param steps       solver steps for FFJORD (default: the model's)
 */
public record NeighbourRequest(List<Float> observation, Long datasetIndex, Double noise, Integer n, Long seed,
                               Integer steps) {
}
