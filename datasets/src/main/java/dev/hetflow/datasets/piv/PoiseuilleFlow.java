package dev.hetflow.datasets.piv;

/**
 * Laminar channel flow: a parabolic profile along the unit direction (ex, ey), {@code maxSpeed} on the centre line
 * through (cx, cy), zero at the walls {@code halfWidth} away and outside the channel.
 */
public record PoiseuilleFlow(double cx, double cy, double ex, double ey, double halfWidth, double maxSpeed)
        implements FlowField {

    public PoiseuilleFlow {
        ShearFlow.requireUnit(ex, ey);
        if (!(halfWidth > 0)) {
            throw new IllegalArgumentException("halfWidth must be > 0, got " + halfWidth);
        }
    }

    /** A channel along the direction {@code angle} (radians from +x towards +y). */
    public static PoiseuilleFlow along(double cx, double cy, double angle, double halfWidth, double maxSpeed) {
        return new PoiseuilleFlow(cx, cy, Math.cos(angle), Math.sin(angle), halfWidth, maxSpeed);
    }

    @Override
    public void velocity(double x, double y, double[] out) {
        double s = (-ey * (x - cx) + ex * (y - cy)) / halfWidth;
        double speed = maxSpeed * Math.max(0, 1 - s * s);
        out[0] = speed * ex;
        out[1] = speed * ey;
    }

    @Override
    public void velocities(double[] x, double[] y, double[] u, double[] v, int n) {
        FlowField.pointwise(this, x, y, u, v, n);
    }
}
