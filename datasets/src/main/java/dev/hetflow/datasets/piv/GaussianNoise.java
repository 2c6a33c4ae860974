package dev.hetflow.datasets.piv;

import java.util.random.RandomGenerator;

/**
 * Standard normal sensor noise, four values per 64-bit random draw: each 16-bit slice picks one of 65536 equally
 * likely normal quantiles {@code Phi^-1((i + 1/2) / 65536)}. The tails are cut at 4.3 sigma and the values are
 * discrete, which no 8-bit frame can show (noise of 2 grey levels is rounded to whole levels anyway); it costs a
 * fraction of {@link RandomGenerator#nextGaussian()}, which otherwise takes a fifth of a PIV sample's generation.
 */
final class GaussianNoise {

    private static final int BITS = 16;
    private static final double[] QUANTILES = new double[1 << BITS];

    static {
        for (int i = 0; i < QUANTILES.length; i++) {
            QUANTILES[i] = inverseNormal((i + 0.5) / QUANTILES.length);
        }
    }

    private GaussianNoise() {
    }

    /** Fills {@code out} with standard normal values. */
    static void fill(double[] out, RandomGenerator rng) {
        int i = 0;
        while (i < out.length) {
            long bits = rng.nextLong();
            for (int k = 0; k < 4 && i < out.length; k++, i++) {
                out[i] = QUANTILES[(int) (bits & 0xffff)];
                bits >>>= BITS;
            }
        }
    }

    /** The table's values, for tests. */
    static double quantile(int i) {
        return QUANTILES[i];
    }

    static int size() {
        return QUANTILES.length;
    }

    /** Inverse of the standard normal CDF: P. J. Acklam's rational approximation, relative error below 1.15e-9. */
    static double inverseNormal(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
        final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -inverseNormal(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
