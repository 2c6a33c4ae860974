package dev.hetflow.datasets.piv;

/** The same velocity everywhere. */
public record UniformFlow(double u, double v) implements FlowField {

    @Override
    public void velocity(double x, double y, double[] out) {
        out[0] = u;
        out[1] = v;
    }

    @Override
    public void velocities(double[] x, double[] y, double[] u, double[] v, int n) {
        FlowField.pointwise(this, x, y, u, v, n);
    }
}
