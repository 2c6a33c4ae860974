package dev.hetflow.sampler.fidelity;

/**
 * How well generated labels agree with the generated images, beside the same measure on real data.
 *
 * @param modelId          the model
 * @param version          the version measured
 * @param method           {@code piv-cross-correlation} or {@code mnist-classifier}
 * @param measure          what {@code generated} and {@code real} are: {@code rms_px} (PIV: RMS over samples of
 *                         |label (u, v) - cross-correlation estimate from the frames|, lower is better) or
 *                         {@code agreement} (MNIST: share of samples whose class the reference classifier assigns to
 *                         the image equals the generated class label; for real digits, its held-out accuracy)
 * @param samples          generated samples measured
 * @param generated        the measure on generated samples
 * @param real             the measure on real data (held-out PIV pairs against their true labels; held-out digits)
 * @param generatedInvalid generated samples without a valid estimate (PIV), left out
 * @param realInvalid      real samples without a valid estimate (PIV), left out
 * @param seed             the seed of the generated samples
 */
public record FidelityReport(String modelId, int version, String method, String measure, int samples,
                             double generated, double real, int generatedInvalid, int realInvalid, long seed) {
}
