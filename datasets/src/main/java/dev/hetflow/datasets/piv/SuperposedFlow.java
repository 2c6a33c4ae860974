package dev.hetflow.datasets.piv;

import java.util.Arrays;
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

    /** Each part over all points, summed in the parts' order from 0 as {@link #velocity} does. */
    @Override
    public void velocities(double[] x, double[] y, double[] u, double[] v, int n) {
        double[] partU = new double[n];
        double[] partV = new double[n];
        Arrays.fill(u, 0, n, 0.0);
        Arrays.fill(v, 0, n, 0.0);
        for (FlowField part : parts) {
            part.velocities(x, y, partU, partV, n);
            for (int k = 0; k < n; k++) {
                u[k] += partU[k];
                v[k] += partV[k];
            }
        }
    }
}
