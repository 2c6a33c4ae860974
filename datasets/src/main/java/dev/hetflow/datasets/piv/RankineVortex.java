package dev.hetflow.datasets.piv;

/**
 * Rankine vortex: solid-body rotation inside the core, potential vortex outside. The tangential speed peaks at the
 * core radius with {@code maxSpeed}; positive speeds turn from +x towards +y.
 */
public record RankineVortex(double cx, double cy, double coreRadius, double maxSpeed) implements FlowField {

    public RankineVortex {
        if (!(coreRadius > 0)) {
            throw new IllegalArgumentException("coreRadius must be > 0, got " + coreRadius);
        }
    }

    @Override
    public void velocity(double x, double y, double[] out) {
        double dx = x - cx;
        double dy = y - cy;
        double r = Math.sqrt(dx * dx + dy * dy);
        // speed / r: solid body inside, 1/r^2 outside; finite at r = 0
        double perRadius = r <= coreRadius ? maxSpeed / coreRadius : maxSpeed * coreRadius / (r * r);
        out[0] = -perRadius * dy;
        out[1] = perRadius * dx;
    }

    @Override
    public void velocities(double[] x, double[] y, double[] u, double[] v, int n) {
        FlowField.pointwise(this, x, y, u, v, n);
    }
}
