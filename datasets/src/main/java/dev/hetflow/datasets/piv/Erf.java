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

    /** Table of erf on [0, TABLE_END] for {@link #fast}: linear interpolation errs by at most h^2/8 max|erf''|. */
    private static final double TABLE_END = 6;
    private static final int TABLE_STEPS_PER_UNIT = 2048;
    private static final int TABLE_POINTS = (int) (TABLE_END * TABLE_STEPS_PER_UNIT) + 2;
    /**
     * Node i's value at [2i] and its step to node i + 1 at [2i + 1] (the last node's step is 0): one cache line
     * holds both numbers an interpolation reads, and the step is the very difference {@link #fast} would compute.
     */
    private static final double[] TABLE = new double[2 * TABLE_POINTS];

    static {
        double[] nodes = new double[TABLE_POINTS];
        for (int i = 0; i < TABLE_POINTS; i++) {
            nodes[i] = erf((double) i / TABLE_STEPS_PER_UNIT);
        }
        for (int i = 0; i < TABLE_POINTS; i++) {
            TABLE[2 * i] = nodes[i];
            TABLE[2 * i + 1] = i + 1 < TABLE_POINTS ? nodes[i + 1] - nodes[i] : 0;
        }
    }

    private Erf() {
    }

    /**
     * erf by linear interpolation in a table of {@link #erf}: interpolation adds at most
     * (1/2048)^2 / 8 * max|erf''| = 2.9e-8 (max|erf''| = 0.97) to erf's 1.5e-7, at a fraction of the cost. Odd
     * symmetry by copying the sign, without a branch (the sign flips within every particle's row of pixel edges).
     */
    static double fast(double x) {
        double z = Math.abs(x) * TABLE_STEPS_PER_UNIT;
        if (z >= TABLE_POINTS - 2) {
            return x >= 0 ? 1 : -1; // 1 - erf(6) < 1e-16
        }
        int i = (int) z;
        double f = z - i;
        double y = TABLE[2 * i] + f * TABLE[2 * i + 1];
        return Math.copySign(y, x);
    }

    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + P * z);
        double y = 1 - ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t * Math.exp(-z * z);
        return x >= 0 ? y : -y;
    }
}
