package dev.hetflow.ffjord.cnf;

/** How a {@link Cnf} computes parameter gradients. */
public enum GradientMode {
    /**
     * Discretize-then-optimize: reverse-mode through every solver step and stage. Gives the exact gradient of the
     * loss as computed by the (fixed-grid) solver, whatever its truncation error. Memory grows with steps x stages.
     */
    BACKPROP,
    /**
     * Optimize-then-discretize: the adjoint method (Chen et al. 2018, Neural ODEs, eq. 4-5 and Algorithm 1) solves
     * the augmented system (z, a_z, a_theta) backwards from T to 0. Gives the gradient of the exact continuous-time
     * loss up to the solver error of the forward and backward solves -- not exactly the gradient of the computed
     * loss. Memory is constant in the number of steps.
     */
    ADJOINT
}
