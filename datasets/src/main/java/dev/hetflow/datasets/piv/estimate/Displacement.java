package dev.hetflow.datasets.piv.estimate;

/**
 * One displacement estimate of an interrogation window.
 *
 * @param dx              displacement along x (columns) from frame A to frame B, px
 * @param dy              displacement along y (rows), px
 * @param peakRatio       highest correlation peak over the second highest; below about 1.2-1.5 the estimate is
 *                        unreliable; {@link Double#POSITIVE_INFINITY} when there is no second peak
 * @param peakCorrelation the correlation coefficient at the integer peak, -1..1 (1 for identical patterns)
 * @param valid           false when the window had no texture (a blank frame), too little overlap or, in a bounded
 *                        search, no correlation peak inside the searched range
 */
public record Displacement(double dx, double dy, double peakRatio, double peakCorrelation, boolean valid) {

    static final Displacement INVALID = new Displacement(0, 0, 0, 0, false);

    public double magnitude() {
        return Math.hypot(dx, dy);
    }
}
