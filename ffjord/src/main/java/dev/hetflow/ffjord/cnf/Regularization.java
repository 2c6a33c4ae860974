package dev.hetflow.ffjord.cnf;

/**
 * RNODE regularizers (Finlay et al. 2020, "How to train your neural ODE", eq. 10-11), integrated alongside the flow:
 * kinetic energy K = int_0^T ||f(t, z)||^2 dt and Jacobian Frobenius norm J = int_0^T ||(df/dz) v||^2 dt, where v are
 * the divergence probes (E ||J eps||^2 = ||J||_F^2 for Hutchinson probes; exact for the EXACT mode's unit vectors).
 * The training loss gains {@code kinetic * mean(K) + jacobian * mean(J)}. Both penalise complicated trajectories, so
 * the learned dynamics need fewer solver steps.
 */
public record Regularization(double kinetic, double jacobian) {

    public static final Regularization NONE = new Regularization(0, 0);

    public Regularization {
        if (!(kinetic >= 0) || !(jacobian >= 0) || Double.isInfinite(kinetic) || Double.isInfinite(jacobian)) {
            throw new IllegalArgumentException("regularization weights must be finite and >= 0, got " + kinetic
                    + ", " + jacobian);
        }
    }

    public boolean active() {
        return kinetic > 0 || jacobian > 0;
    }
}
