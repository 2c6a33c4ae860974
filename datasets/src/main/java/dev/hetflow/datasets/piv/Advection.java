package dev.hetflow.datasets.piv;

/**
 * Moves points along a field over one frame interval with classical Runge-Kutta (RK4) sub-steps, all points of a
 * sample stage by stage (one {@link FlowField#velocities} call per stage). Each point takes exactly the arithmetic
 * of a point-by-point RK4, so the end points do not depend on how many points move together. Holds scratch arrays
 * that grow as needed: not thread-safe, one per thread.
 */
final class Advection {

    private double[] probeX = new double[0];
    private double[] probeY = new double[0];
    private double[] k1u = new double[0];
    private double[] k1v = new double[0];
    private double[] k2u = new double[0];
    private double[] k2v = new double[0];
    private double[] k3u = new double[0];
    private double[] k3v = new double[0];
    private double[] k4u = new double[0];
    private double[] k4v = new double[0];

    /** Advects points (x[k], y[k]), k < n, by one frame interval in {@code subSteps} steps, in place. */
    void advect(FlowField field, int subSteps, double[] x, double[] y, int n) {
        ensure(n);
        double h = 1.0 / subSteps;
        for (int s = 0; s < subSteps; s++) {
            field.velocities(x, y, k1u, k1v, n);
            for (int k = 0; k < n; k++) {
                probeX[k] = x[k] + 0.5 * h * k1u[k];
                probeY[k] = y[k] + 0.5 * h * k1v[k];
            }
            field.velocities(probeX, probeY, k2u, k2v, n);
            for (int k = 0; k < n; k++) {
                probeX[k] = x[k] + 0.5 * h * k2u[k];
                probeY[k] = y[k] + 0.5 * h * k2v[k];
            }
            field.velocities(probeX, probeY, k3u, k3v, n);
            for (int k = 0; k < n; k++) {
                probeX[k] = x[k] + h * k3u[k];
                probeY[k] = y[k] + h * k3v[k];
            }
            field.velocities(probeX, probeY, k4u, k4v, n);
            for (int k = 0; k < n; k++) {
                x[k] += h / 6 * (k1u[k] + 2 * k2u[k] + 2 * k3u[k] + k4u[k]);
                y[k] += h / 6 * (k1v[k] + 2 * k2v[k] + 2 * k3v[k] + k4v[k]);
            }
        }
    }

    private void ensure(int n) {
        if (probeX.length < n) {
            probeX = new double[n];
            probeY = new double[n];
            k1u = new double[n];
            k1v = new double[n];
            k2u = new double[n];
            k2v = new double[n];
            k3u = new double[n];
            k3v = new double[n];
            k4u = new double[n];
            k4v = new double[n];
        }
    }
}
