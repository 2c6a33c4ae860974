package dev.hetflow.sampler.sampling;

import dev.hetflow.datasets.manifest.DatasetManifest;
import java.util.List;

/**
 * The answer to a sampling request.
 *
 * @param modelId     the model
 * @param version     the version that produced the samples
 * @param seed        the seed used (given or drawn), to reproduce them
 * @param temperature latent standard deviation
 * @param steps       solver steps (FFJORD), 0 for graphs without a solver
 * @param dataset     the data set's manifest: channel layout and units
 * @param samples     the samples in order
 */
public record Samples(String modelId, int version, long seed, double temperature, int steps, DatasetManifest dataset,
                      List<AnnotatedSample> samples) {
}
