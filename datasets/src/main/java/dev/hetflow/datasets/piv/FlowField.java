package dev.hetflow.datasets.piv;

/**
 * A steady 2-D velocity field in pixels per frame interval. Coordinates are pixel centres: x grows to the right
 * (columns), y grows down (rows), pixel (i, j) is centred on (x = i, y = j).
 */
public interface FlowField {

    /** Writes the velocity (u, v) at (x, y) into {@code out[0]}, {@code out[1]}. */
    void velocity(double x, double y, double[] out);

    /**
     * The velocities at {@code n} points, {@code (u[k], v[k])} at {@code (x[k], y[k])}: the same values as
     * {@link #velocity} point by point. The synthesizer advects all particles of a sample at once through this
     * method, so the per-point call inside is made on one known class. A field class overrides it with
     * {@code FlowField.pointwise(this, ...)}: its own copy of the loop, which the JIT compiles with that class's
     * {@code velocity} inlined, instead of one shared loop that calls seven classes.
     */
    default void velocities(double[] x, double[] y, double[] u, double[] v, int n) {
        pointwise(this, x, y, u, v, n);
    }

    /** {@link #velocities} by calling {@code field.velocity} for each point. */
    static void pointwise(FlowField field, double[] x, double[] y, double[] u, double[] v, int n) {
        double[] out = new double[2];
        for (int k = 0; k < n; k++) {
            field.velocity(x[k], y[k], out);
            u[k] = out[0];
            v[k] = out[1];
        }
    }
}
