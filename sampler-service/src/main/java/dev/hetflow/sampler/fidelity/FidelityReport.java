package dev.hetflow.sampler.fidelity;

import dev.hetflow.datasets.judge.DigitVerdict;
import dev.hetflow.datasets.judge.PivVerdict;

/**
 * How well generated labels agree with the generated images, beside the same measure on real data, from the judges
 * in {@code dev.hetflow.datasets.judge} (the same code as the demo's fidelity.json and the experiments report).
 *
 * @param modelId          the model
 * @param version          the version measured
 * @param method           {@code piv-cross-correlation} or {@code mnist-knn}
 * @param measure          what {@code generated} and {@code real} are: {@code rms_px} (PIV: RMS over samples with a
 *                         valid correlation peak of |label (u, v) - the judge's reading of the frames|, lower is
 *                         better) or {@code agreement} (MNIST: share of samples whose class the judge reads in the
 *                         image equals the generated class; for real digits, the judge's held-out accuracy)
 * @param samples          generated samples measured
 * @param generated        the measure on generated samples
 * @param real             the measure on real data (held-out PIV pairs against their true labels; held-out digits)
 * @param generatedInvalid generated samples without a valid peak (PIV): failures, counted in {@code piv}'s share
 * @param realInvalid      real pairs without a valid peak (PIV)
 * @param labelsClipped    generated samples with a label decoded from a mean outside [0, 1] (clipped to the range)
 * @param seed             the seed of the generated samples
 * @param steps            the FFJORD solver steps the samples were drawn with (null: a model without a solver)
 * @param piv              the PIV judge's full verdict (failure share, spread ratio, chance RMS, round trip,
 *                         window), null for MNIST
 * @param mnist            the digit judge's verdict (agreement, kappa, both class histograms), null for PIV
 */
public record FidelityReport(String modelId, int version, String method, String measure, int samples,
                             double generated, double real, int generatedInvalid, int realInvalid, int labelsClipped,
                             long seed, Integer steps, PivVerdict piv, DigitVerdict mnist) {
}
