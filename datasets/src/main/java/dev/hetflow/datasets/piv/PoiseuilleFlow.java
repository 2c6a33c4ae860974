package dev.hetflow.datasets.piv;

/**
 * Laminar channel flow: a parabolic profile along the direction {@code angle}, {@code maxSpeed} on the centre line
 * through (cx, cy), zero at the walls {@code halfWidth} away and outside the channel.
 */
public record PoiseuilleFlow(double cx, double cy, double angle, double halfWidth, double maxSpeed)
        implements FlowField {

    public PoiseuilleFlow {
        if (!(halfWidth > 0)) {
            throw new IllegalArgumentException("halfWidth must be > 0, got " + halfWidth);
        }
    }

    @Override
    public void velocity(double x, double y, double[] out) {
        double ex = Math.cos(angle);
        double ey = Math.sin(angle);
        double s = (-ey * (x - cx) + ex * (y - cy)) / halfWidth;
        double speed = maxSpeed * Math.max(0, 1 - s * s);
        out[0] = speed * ex;
        out[1] = speed * ey;
    }
}
