package dev.hetflow.datasets.piv;

/**
 * Simple shear: velocity along the unit direction (ex, ey), growing linearly with the signed distance s from the
 * line through (cx, cy) along that direction: {@code velocity = rate * s * (ex, ey)}.
 */
public record ShearFlow(double cx, double cy, double ex, double ey, double rate) implements FlowField {

    public ShearFlow {
        requireUnit(ex, ey);
    }

    /** Shear along the direction {@code angle} (radians from +x towards +y). */
    public static ShearFlow along(double cx, double cy, double angle, double rate) {
        return new ShearFlow(cx, cy, Math.cos(angle), Math.sin(angle), rate);
    }

    @Override
    public void velocity(double x, double y, double[] out) {
        double s = -ey * (x - cx) + ex * (y - cy);
        out[0] = rate * s * ex;
        out[1] = rate * s * ey;
    }

    @Override
    public void velocities(double[] x, double[] y, double[] u, double[] v, int n) {
        FlowField.pointwise(this, x, y, u, v, n);
    }

    static void requireUnit(double ex, double ey) {
        if (Math.abs(ex * ex + ey * ey - 1) > 1e-9) {
            throw new IllegalArgumentException("(ex, ey) must be a unit vector, got (" + ex + ", " + ey + ")");
        }
    }
}
