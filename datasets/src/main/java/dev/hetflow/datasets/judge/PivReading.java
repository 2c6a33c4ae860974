package dev.hetflow.datasets.judge;

/**
 * The judge's reading of one pair.
 *
 * @param dx      estimated displacement along x, px (NaN on failure)
 * @param dy      along y, px (NaN on failure)
 * @param failure true when the searched range held no valid correlation peak
 */
public record PivReading(double dx, double dy, boolean failure) {

    static final PivReading FAILED = new PivReading(Double.NaN, Double.NaN, true);
}
