package dev.hetflow.datasets.piv;

/** The same velocity everywhere. */
public record UniformFlow(double u, double v) implements FlowField {

    @Override
    public void velocity(double x, double y, double[] out) {
        out[0] = u;
        out[1] = v;
    }
}
