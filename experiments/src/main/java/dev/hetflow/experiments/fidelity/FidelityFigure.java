package dev.hetflow.experiments.fidelity;

/**
 * Label fidelity of one model, read beside the same judge on real data.
 *
 * @param model            e.g. ffjord-piv-heterogeneous, or baseline-piv (homogeneous generator + labeller)
 * @param metric           rms_px (PIV: generated label vs the cross-correlation estimate of the generated pair) or
 *                         agreement (MNIST: generated label equals the judge classifier's label)
 * @param samples          generated samples judged
 * @param generated        the figure on generated samples
 * @param real             the judge on real held-out data (PIV: estimate vs true label, px; MNIST: accuracy)
 * @param invalid          generated samples the judge could not read (PIV: no correlation peak)
 * @param unstable         the model's run diverged: its figures may be NaN
 */
public record FidelityFigure(String model, String metric, int samples, double generated, double real, int invalid,
        boolean unstable) {
}
