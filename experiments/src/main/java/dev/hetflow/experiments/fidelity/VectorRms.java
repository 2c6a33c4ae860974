package dev.hetflow.experiments.fidelity;

/** Root mean square of 2-D vector errors (px), counting the estimates that were invalid separately. */
final class VectorRms {

    private double sum;
    private int count;
    private int invalid;

    void add(boolean valid, double dx, double dy, double u, double v) {
        if (!valid || !Double.isFinite(dx) || !Double.isFinite(dy) || !Double.isFinite(u) || !Double.isFinite(v)) {
            invalid++;
            return;
        }
        sum += (dx - u) * (dx - u) + (dy - v) * (dy - v);
        count++;
    }

    double value() {
        return count == 0 ? Double.NaN : Math.sqrt(sum / count);
    }

    int invalid() {
        return invalid;
    }
}
