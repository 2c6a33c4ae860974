package dev.hetflow.datasets.judge;

import java.util.SplittableRandom;

/**
 * The leading principal directions of a set of vectors, orthonormal, found by subspace iteration on their
 * covariance. Projecting two vectors onto orthonormal directions never lengthens their difference, so the projected
 * distance is a lower bound on the full one: the k-NN search reads full distances only where that bound leaves a
 * reference in contention.
 */
final class Projection {

    private static final int ITERATIONS = 40;

    private final int dims;
    private final double[][] directions;

    private Projection(int dims, double[][] directions) {
        this.dims = dims;
        this.directions = directions;
    }

    static Projection principal(float[][] vectors, int count) {
        int d = vectors[0].length;
        double[] mean = new double[d];
        for (float[] v : vectors) {
            for (int i = 0; i < d; i++) {
                mean[i] += v[i];
            }
        }
        for (int i = 0; i < d; i++) {
            mean[i] /= vectors.length;
        }
        double[][] cov = new double[d][d];
        double[] centred = new double[d];
        for (float[] v : vectors) {
            for (int i = 0; i < d; i++) {
                centred[i] = v[i] - mean[i];
            }
            for (int i = 0; i < d; i++) {
                double ci = centred[i];
                if (ci == 0) {
                    continue;
                }
                double[] row = cov[i];
                for (int j = 0; j < d; j++) {
                    row[j] += ci * centred[j];
                }
            }
        }
        SplittableRandom rng = new SplittableRandom(1);
        double[][] q = new double[count][d];
        for (double[] row : q) {
            for (int i = 0; i < d; i++) {
                row[i] = rng.nextGaussian();
            }
        }
        orthonormalize(q);
        for (int it = 0; it < ITERATIONS; it++) {
            double[][] next = new double[count][d];
            for (int k = 0; k < count; k++) {
                for (int i = 0; i < d; i++) {
                    double s = 0;
                    double[] row = cov[i];
                    for (int j = 0; j < d; j++) {
                        s += row[j] * q[k][j];
                    }
                    next[k][i] = s;
                }
            }
            orthonormalize(next);
            q = next;
        }
        return new Projection(d, q);
    }

    int size() {
        return directions.length;
    }

    float[] apply(float[] v) {
        if (v.length != dims) {
            throw new IllegalArgumentException("expected " + dims + " values, got " + v.length);
        }
        float[] out = new float[directions.length];
        for (int k = 0; k < directions.length; k++) {
            double s = 0;
            for (int i = 0; i < dims; i++) {
                s += directions[k][i] * v[i];
            }
            out[k] = (float) s;
        }
        return out;
    }

    /** Modified Gram-Schmidt on the rows. */
    private static void orthonormalize(double[][] rows) {
        for (int k = 0; k < rows.length; k++) {
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int i = 0; i < rows[k].length; i++) {
                    dot += rows[k][i] * rows[j][i];
                }
                for (int i = 0; i < rows[k].length; i++) {
                    rows[k][i] -= dot * rows[j][i];
                }
            }
            double norm = 0;
            for (double x : rows[k]) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < rows[k].length; i++) {
                rows[k][i] = norm > 0 ? rows[k][i] / norm : 0;
            }
        }
    }
}
