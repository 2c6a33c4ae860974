package dev.hetflow.trainer.model;

/** Where the class-aware FFJORD ({@link FfjordClassSpec}) runs its CNF blocks, beside its class-conditional Gaussian. */
public enum ClassCnfSpace {
    /**
     * On the image pixels, before the Gaussian: x -> CNF -> (I - A_k)(x' - mu_k) e^(-s_k). A sample is the class's
     * Gaussian sample moved back by the CNF, so the class's template and strokes stay where the Gaussian put them and
     * the CNF's errors stay local in pixels. Measured better (issue 13): the class agreement of samples rose with
     * training (0.91 -> 0.96 by a k-NN judge in a PyTorch probe of 625 steps) while the bits/dim fell; 0.908, kappa
     * 0.897 in {@code ./hetflow experiments --preset small}.
     */
    PIXELS,
    /**
     * On the Gaussian's whitened residual, after it: the residual's density is learnt across classes, and a 3x3 conv
     * step on the whitened residual is a global change in pixels once the autoregression colours it. Measured worse:
     * agreement fell with training (0.91 -> 0.30 in the same probe, diagonal covariance; 0.906 -> 0.703 in
     * {@code ./hetflow experiments --preset small}, full covariance) while the bits/dim fell faster.
     */
    WHITENED
}
