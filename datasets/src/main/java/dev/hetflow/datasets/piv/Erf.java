package dev.hetflow.datasets.piv;

/**
 * The error function by Abramowitz and Stegun 7.1.26: absolute error below 1.5e-7 everywhere, far below the half
 * grey level that 8-bit quantization keeps (a particle's pixel integral is a difference of two erf values scaled by at
 * most 255 * pi / 2 * sigma^2). One exponential and one division: the synthesizer evaluates it a few thousand times
 * per sample, so its cost sets the generation rate.
 */
final class Erf {

    private static final double P = 0.3275911;
    private static final double A1 = 0.254829592;
    private static final double A2 = -0.284496736;
    private static final double A3 = 1.421413741;
    private static final double A4 = -1.453152027;
    private static final double A5 = 1.061405429;

    private Erf() {
    }

    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + P * z);
        double y = 1 - ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t * Math.exp(-z * z);
        return x >= 0 ? y : -y;
    }
}
