package dev.hetflow.datasets.piv.estimate;

/**
 * Root mean square of 2-D vector errors (px) between displacement estimates and reference vectors, counting the
 * estimates that were invalid (or not finite) separately: the label-fidelity figure of the sampler and the
 * experiments.
 */
public final class VectorRms {

    private double sum;
    private int count;
    private int invalid;

    /** Adds estimate minus reference (u, v); an invalid estimate only counts as invalid. */
    public void add(Displacement estimate, double u, double v) {
        add(estimate.valid(), estimate.dx(), estimate.dy(), u, v);
    }

    public void add(boolean valid, double dx, double dy, double u, double v) {
        if (!valid || !Double.isFinite(dx) || !Double.isFinite(dy) || !Double.isFinite(u) || !Double.isFinite(v)) {
            invalid++;
            return;
        }
        sum += (dx - u) * (dx - u) + (dy - v) * (dy - v);
        count++;
    }

    /** sqrt(mean |estimate - reference|^2) over the valid estimates; NaN when there is none. */
    public double value() {
        return count == 0 ? Double.NaN : Math.sqrt(sum / count);
    }

    public int invalid() {
        return invalid;
    }
}
