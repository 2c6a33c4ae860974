package dev.hetflow.experiments.figures;

import java.util.Random;

/**
 * Exact t-SNE (van der Maaten and Hinton, "Visualizing Data using t-SNE", JMLR 9, 2008): O(n^2) per iteration, meant
 * for the report's 1-2 thousand latent codes. Equation numbers below are the paper's.
 */
final class Tsne {

    /** Early exaggeration factor and how long it lasts (Sec. 3.4 uses 4 for 50 iterations; 12/250 is today's usual). */
    static final double EXAGGERATION = 12;
    static final int EXAGGERATION_ITERATIONS = 250;
    private static final double MOMENTUM_START = 0.5;
    private static final double MOMENTUM_FINAL = 0.8;
    private static final double MIN_GAIN = 0.01;
    /** Floor of p_ij and q_ij so that log(p/q) stays finite (the reference implementation's 1e-12). */
    private static final double TINY = 1e-12;

    private final int n;
    private final int dims;
    /** Symmetric joint probabilities p_ij, row-major n x n, zero diagonal. */
    private final double[] p;
    /** The Student-t kernel of the current layout, reused by every iteration (n x n). */
    private final double[] kernel;

    private Tsne(int n, int dims, double[] p) {
        this.n = n;
        this.dims = dims;
        this.p = p;
        this.kernel = new double[n * n];
    }

    /**
     * The affinities of {@code x} at the given perplexity: for each point the Gaussian precision found by bisection
     * so that the conditional distribution p_{j|i} (Eq. 1) has entropy log(perplexity), then symmetrized,
     * p_ij = (p_{j|i} + p_{i|j}) / 2n (Sec. 3.1).
     */
    static Tsne of(double[][] x, int dims, double perplexity) {
        int n = x.length;
        if (n < 2 || !(perplexity > 0) || perplexity > n - 1) {
            throw new IllegalArgumentException("t-SNE needs at least 2 points and 0 < perplexity <= n - 1, got n = "
                    + n + ", perplexity " + perplexity);
        }
        double[] d = squaredDistances(x);
        double[] conditional = new double[n * n];
        for (int i = 0; i < n; i++) {
            conditionalRow(d, n, i, Math.log(perplexity), conditional);
        }
        double[] p = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    p[i * n + j] = Math.max((conditional[i * n + j] + conditional[j * n + i]) / (2.0 * n), TINY);
                }
            }
        }
        return new Tsne(n, dims, p);
    }

    /** Row i of p_{j|i} with the precision beta = 1 / (2 sigma_i^2) bisected to the target entropy (nats). */
    static void conditionalRow(double[] d, int n, int i, double targetEntropy, double[] out) {
        double beta = 1;
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        for (int step = 0; step < 200; step++) {
            double entropy = row(d, n, i, beta, out);
            double gap = entropy - targetEntropy;
            if (Math.abs(gap) < 1e-10) {
                break;
            }
            if (gap > 0) { // too flat: sharpen
                lo = beta;
                beta = Double.isInfinite(hi) ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = (beta + lo) / 2;
            }
        }
    }

    /** Fills p_{j|i} for one beta and returns its entropy H = log(sum) + beta * E[d] in nats. */
    private static double row(double[] d, int n, int i, double beta, double[] out) {
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if (j != i) {
                min = Math.min(min, d[i * n + j]);
            }
        }
        double sum = 0;
        double weighted = 0;
        for (int j = 0; j < n; j++) {
            // shifted by the nearest distance so the largest term is exp(0): no underflow to an all-zero row
            double e = j == i ? 0 : Math.exp(-beta * (d[i * n + j] - min));
            out[i * n + j] = e;
            sum += e;
            weighted += e * (d[i * n + j] - min);
        }
        for (int j = 0; j < n; j++) {
            out[i * n + j] /= sum;
        }
        return Math.log(sum) + beta * weighted / sum;
    }

    /**
     * Gradient descent with momentum and per-coordinate gains (Sec. 3.4, gains after Jacobs 1988), early
     * exaggeration of P for the first {@link #EXAGGERATION_ITERATIONS}.
     */
    Embedding embed(int iterations, double learningRate, long seed) {
        Random random = new Random(seed);
        double[] y = new double[n * dims];
        for (int i = 0; i < y.length; i++) {
            y[i] = 1e-4 * random.nextGaussian();
        }
        double[] update = new double[y.length];
        double[] gains = new double[y.length];
        java.util.Arrays.fill(gains, 1);
        double[] gradient = new double[y.length];
        for (int t = 0; t < iterations; t++) {
            double exaggeration = t < EXAGGERATION_ITERATIONS ? EXAGGERATION : 1;
            gradient(y, exaggeration, gradient);
            double momentum = t < EXAGGERATION_ITERATIONS ? MOMENTUM_START : MOMENTUM_FINAL;
            for (int k = 0; k < y.length; k++) {
                boolean sameSign = (gradient[k] > 0) == (update[k] > 0);
                gains[k] = Math.max(MIN_GAIN, sameSign ? gains[k] * 0.8 : gains[k] + 0.2);
                update[k] = momentum * update[k] - learningRate * gains[k] * gradient[k];
                y[k] += update[k];
            }
            centre(y);
        }
        double[][] coordinates = new double[n][dims];
        for (int i = 0; i < n; i++) {
            System.arraycopy(y, i * dims, coordinates[i], 0, dims);
        }
        return new Embedding(coordinates, cost(y));
    }

    /**
     * Eq. 5: dC/dy_i = 4 sum_j (e p_ij - q_ij)(y_i - y_j)(1 + |y_i - y_j|^2)^-1, with q_ij from Eq. 4 and e the
     * exaggeration factor.
     */
    void gradient(double[] y, double exaggeration, double[] out) {
        double z = kernel(y, kernel);
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                double k = kernel[i * n + j];
                double q = Math.max(k / z, TINY);
                double f = 4 * (exaggeration * p[i * n + j] - q) * k;
                for (int c = 0; c < dims; c++) {
                    out[i * dims + c] += f * (y[i * dims + c] - y[j * dims + c]);
                }
            }
        }
    }

    /** The Student-t kernel (1 + |y_i - y_j|^2)^-1 of every pair, and its sum over i != j (Eq. 4's denominator). */
    private double kernel(double[] y, double[] out) {
        double z = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int c = 0; c < dims; c++) {
                    double diff = y[i * dims + c] - y[j * dims + c];
                    s += diff * diff;
                }
                double k = 1 / (1 + s);
                out[i * n + j] = k;
                out[j * n + i] = k;
                z += 2 * k;
            }
        }
        return z;
    }

    /** KL(P || Q) = sum_ij p_ij log(p_ij / q_ij) (Eq. 2 with the joint distributions). */
    double cost(double[] y) {
        double z = kernel(y, kernel);
        double kl = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double pij = p[i * n + j];
                    kl += pij * Math.log(pij / Math.max(kernel[i * n + j] / z, TINY));
                }
            }
        }
        return kl;
    }

    /**
     * The learning rate for {@code n} points: n / exaggeration, at least 50 (Belkina et al., "Automated optimized
     * parameters for t-SNE", Nat. Commun. 10, 5415, 2019). A fixed 200 overshoots on a few hundred points during
     * early exaggeration and is still far from converged after 500 iterations.
     */
    static double learningRate(int n) {
        return Math.max(50, n / EXAGGERATION);
    }

    double p(int i, int j) {
        return p[i * n + j];
    }

    private void centre(double[] y) {
        for (int c = 0; c < dims; c++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += y[i * dims + c];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                y[i * dims + c] -= mean;
            }
        }
    }

    static double[] squaredDistances(double[][] x) {
        int n = x.length;
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int c = 0; c < x[i].length; c++) {
                    double diff = x[i][c] - x[j][c];
                    s += diff * diff;
                }
                d[i * n + j] = s;
                d[j * n + i] = s;
            }
        }
        return d;
    }

    /** Coordinates of each point and the final KL divergence of the embedding. */
    record Embedding(double[][] coordinates, double cost) {
    }
}
