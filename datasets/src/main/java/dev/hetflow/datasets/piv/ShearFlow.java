package dev.hetflow.datasets.piv;

/**
 * Simple shear: velocity along the direction {@code angle} (radians from +x towards +y), growing linearly with the
 * distance from the line through (cx, cy) along that direction: {@code speed = rate * s}.
 */
public record ShearFlow(double cx, double cy, double angle, double rate) implements FlowField {

    @Override
    public void velocity(double x, double y, double[] out) {
        double ex = Math.cos(angle);
        double ey = Math.sin(angle);
        double s = -ey * (x - cx) + ex * (y - cy);
        out[0] = rate * s * ex;
        out[1] = rate * s * ey;
    }
}
