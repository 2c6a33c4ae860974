package dev.hetflow.datasets.piv;

/** Plane stagnation-point flow: {@code u = strain (x - cx)}, {@code v = -strain (y - cy)}. */
public record StagnationPointFlow(double cx, double cy, double strain) implements FlowField {

    @Override
    public void velocity(double x, double y, double[] out) {
        out[0] = strain * (x - cx);
        out[1] = -strain * (y - cy);
    }

    @Override
    public void velocities(double[] x, double[] y, double[] u, double[] v, int n) {
        FlowField.pointwise(this, x, y, u, v, n);
    }
}
