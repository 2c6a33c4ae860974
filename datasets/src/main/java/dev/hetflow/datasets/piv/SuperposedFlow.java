package dev.hetflow.datasets.piv;

import java.util.List;

/** The sum of several fields. */
public record SuperposedFlow(List<FlowField> parts) implements FlowField {

    public SuperposedFlow {
        parts = List.copyOf(parts);
    }

    @Override
    public void velocity(double x, double y, double[] out) {
        double u = 0;
        double v = 0;
        for (FlowField part : parts) {
            part.velocity(x, y, out);
            u += out[0];
            v += out[1];
        }
        out[0] = u;
        out[1] = v;
    }
}
