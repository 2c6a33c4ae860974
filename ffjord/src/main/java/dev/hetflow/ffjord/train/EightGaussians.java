package dev.hetflow.ffjord.train;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * FFJORD's "8gaussians" toy density (ffjord/lib/toy_data.py): an equal mixture of 8 isotropic Gaussians, scaled as
 * the reference does, points = (4 u_k + 0.5 N(0, I)) / 1.414 with u_k the unit vectors at multiples of 45 degrees.
 */
public final class EightGaussians {

    static final double SCALE = 1.414;
    public static final double SIGMA = 0.5 / SCALE;
    public static final double RADIUS = 4.0 / SCALE;

    private EightGaussians() {
    }

    public static double[][] centres() {
        double[][] c = new double[8][2];
        for (int k = 0; k < 8; k++) {
            c[k][0] = RADIUS * Math.cos(k * Math.PI / 4);
            c[k][1] = RADIUS * Math.sin(k * Math.PI / 4);
        }
        return c;
    }

    public static INDArray sample(int n, Random rng, DataType type) {
        if (n <= 0) {
            throw new IllegalArgumentException("sample size must be positive, got " + n);
        }
        double[][] c = centres();
        double[] v = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double[] centre = c[rng.nextInt(8)];
            v[2 * i] = centre[0] + SIGMA * rng.nextGaussian();
            v[2 * i + 1] = centre[1] + SIGMA * rng.nextGaussian();
        }
        return Nd4j.createFromArray(v).reshape(n, 2).castTo(type);
    }

    /** The exact log-density at (x, y). */
    public static double logDensity(double x, double y) {
        double[][] c = centres();
        double[] terms = new double[8];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 8; k++) {
            double dx = x - c[k][0];
            double dy = y - c[k][1];
            terms[k] = -(dx * dx + dy * dy) / (2 * SIGMA * SIGMA);
            max = Math.max(max, terms[k]);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum / 8) - Math.log(2 * Math.PI * SIGMA * SIGMA);
    }
}
