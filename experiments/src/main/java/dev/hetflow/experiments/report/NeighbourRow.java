package dev.hetflow.experiments.report;

/**
 * How far the neighbours of one real observation stray at one noise maximum (Fig. 4).
 *
 * @param model      e.g. ffjord-mnist-heterogeneous
 * @param noiseMax   m: each latent coordinate shifted by U(-m, m)
 * @param neighbours neighbours decoded
 * @param labelShift PIV: RMS of the neighbours' (u, v) minus the observation's true label, px; MNIST: share of
 *                   neighbours whose class differs from the observation's
 * @param unstable   the model's run diverged
 */
public record NeighbourRow(String model, double noiseMax, int neighbours, double labelShift, boolean unstable) {
}
