package dev.hetflow.datasets.piv.estimate;

import java.util.Arrays;

/**
 * The normalized median test of Westerweel and Scarano (2005): a vector is an outlier when it differs from the
 * median of its (up to 8) neighbours by more than {@link #THRESHOLD} times the neighbours' median residual plus
 * {@link #NOISE_PX}; outliers (and invalid windows) are replaced by that neighbour median.
 */
final class MedianOutlierFilter {

    /** The threshold the paper recommends: it flags the spurious vectors and almost never a good one. */
    static final double THRESHOLD = 2.0;
    /** The expected measurement noise, which keeps the test from flagging vectors in a nearly uniform field. */
    static final double NOISE_PX = 0.1;

    private MedianOutlierFilter() {
    }

    /** Returns the filtered vectors and marks replaced ones in {@code replaced}. */
    static Displacement[] filter(Displacement[] vectors, int columns, int rows, boolean[] replaced) {
        Displacement[] out = vectors.clone();
        double[] us = new double[8];
        double[] vs = new double[8];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int n = 0;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int rr = r + dr;
                        int cc = c + dc;
                        if ((dr != 0 || dc != 0) && rr >= 0 && rr < rows && cc >= 0 && cc < columns
                                && vectors[rr * columns + cc].valid()) {
                            us[n] = vectors[rr * columns + cc].dx();
                            vs[n] = vectors[rr * columns + cc].dy();
                            n++;
                        }
                    }
                }
                Displacement own = vectors[r * columns + c];
                if (n < 2) {
                    continue; // too few neighbours to judge
                }
                double medianU = median(us, n);
                double medianV = median(vs, n);
                boolean outlier = !own.valid()
                        || normalizedResidual(own.dx(), us, n, medianU) > THRESHOLD
                        || normalizedResidual(own.dy(), vs, n, medianV) > THRESHOLD;
                if (outlier) {
                    out[r * columns + c] = new Displacement(medianU, medianV, own.peakRatio(), own.peakCorrelation(),
                            true);
                    replaced[r * columns + c] = true;
                }
            }
        }
        return out;
    }

    private static double normalizedResidual(double value, double[] neighbours, int n, double median) {
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = Math.abs(neighbours[i] - median);
        }
        return Math.abs(value - median) / (median(residuals, n) + NOISE_PX);
    }

    private static double median(double[] values, int n) {
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
