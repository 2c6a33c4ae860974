package dev.hetflow.datasets.piv;

/** Moves points along a field over one frame interval with classical Runge-Kutta (RK4) sub-steps. */
final class Advection {

    private final FlowField field;
    private final int subSteps;
    private final double[] k = new double[2];

    Advection(FlowField field, int subSteps) {
        this.field = field;
        this.subSteps = subSteps;
    }

    /** Advects (x, y) by one frame interval; writes the end point into {@code out}. */
    void advect(double x, double y, double[] out) {
        double h = 1.0 / subSteps;
        for (int s = 0; s < subSteps; s++) {
            field.velocity(x, y, k);
            double k1u = k[0];
            double k1v = k[1];
            field.velocity(x + 0.5 * h * k1u, y + 0.5 * h * k1v, k);
            double k2u = k[0];
            double k2v = k[1];
            field.velocity(x + 0.5 * h * k2u, y + 0.5 * h * k2v, k);
            double k3u = k[0];
            double k3v = k[1];
            field.velocity(x + h * k3u, y + h * k3v, k);
            x += h / 6 * (k1u + 2 * k2u + 2 * k3u + k[0]);
            y += h / 6 * (k1v + 2 * k2v + 2 * k3v + k[1]);
        }
        out[0] = x;
        out[1] = y;
    }
}
