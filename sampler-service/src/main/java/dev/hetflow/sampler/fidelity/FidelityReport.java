package dev.hetflow.sampler.fidelity;

/**
 * How well generated labels agree with the generated images, beside the same on real data.
 *
 * @param modelId          the model
 * @param version          the version measured
 * @param method           how it was measured, e.g. {@code piv-cross-correlation}
 * @param samples          generated samples (and real pairs) measured
 * @param generatedRmsPx   RMS over samples of |generated (u, v) - estimate from the generated frames|, px
 * @param generatedInvalid generated pairs where the estimator found no valid peak (left out of the RMS)
 * @param realRmsPx        the same on real synthetic pairs of the held-out split against their true labels, px
 * @param realInvalid      real pairs without a valid estimate
 * @param seed             the seed of the generated samples
 */
public record FidelityReport(String modelId, int version, String method, int samples, double generatedRmsPx,
                             int generatedInvalid, double realRmsPx, int realInvalid, long seed) {
}
