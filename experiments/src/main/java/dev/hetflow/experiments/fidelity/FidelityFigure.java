package dev.hetflow.experiments.fidelity;

import dev.hetflow.datasets.judge.DigitVerdict;
import dev.hetflow.datasets.judge.PivVerdict;

/**
 * Label fidelity of one model, read beside the same judge on real data.
 *
 * @param model            e.g. ffjord-piv-heterogeneous, or baseline-piv (homogeneous generator + labeller)
 * @param metric           rms_px (PIV: generated label vs the cross-correlation estimate of the generated pair) or
 *                         agreement (MNIST: generated label equals the judge classifier's label)
 * @param samples          generated samples judged
 * @param generated        the figure on generated samples
 * @param real             the judge on real held-out data (PIV: estimate vs true label, px; MNIST: accuracy)
 * @param invalid          generated samples the judge could not read (PIV: no valid correlation peak, a failure)
 * @param unstable         the model's run diverged: its figures may be NaN
 * @param clipped          generated samples with a label decoded from outside its range (clipped)
 * @param piv              the PIV judge's verdict (failure share, spread ratio, chance RMS), null for MNIST
 * @param mnist            the digit judge's verdict (agreement, kappa, histograms), null for PIV
 */
public record FidelityFigure(String model, String metric, int samples, double generated, double real, int invalid,
        boolean unstable, int clipped, PivVerdict piv, DigitVerdict mnist) {
}
