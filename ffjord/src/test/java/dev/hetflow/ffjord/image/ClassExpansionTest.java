package dev.hetflow.ffjord.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.params.ParameterStore;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The closed-form class expansion: exact inverse, log-determinant against the determinant of the finite-difference
 * Jacobian, reverse pass against central differences, and sampling that draws classes from the learnt prior with every
 * label pixel in its class's cell; each for both covariances, the full one with its mixing weights non-zero.
 * Double precision; one 3x4 image channel and K = 4 classes keep the Jacobian small (D = 24).
 */
class ClassExpansionTest {

    private static final int H = 3;
    private static final int W = 4;
    private static final int K = 4;
    private static final int PLANE = H * W;
    private static final int D = 2 * PLANE;
    private static final double STEP = 1e-6;
    private ClassExpansion layer;
    private ParameterStore store;

    private void build(ClassCovariance covariance) {
        ParameterStore.Builder b = ParameterStore.builder();
        layer = new ClassExpansion(1, H, W, K, covariance, b, "class");
        store = b.build(DataType.DOUBLE, 1);
        // every parameter non-zero: templates, log-scales and prior logits of order 0.1..1, mixing weights of 0.3
        Random rng = new Random(7);
        for (long i = 0; i < store.size(); i++) {
            store.values().putScalar(i, 0.05 * rng.nextGaussian());
        }
        if (covariance == ClassCovariance.FULL) {
            INDArray mixing = store.value(store.slot("class.mixing"));
            for (long i = 0; i < mixing.length(); i++) {
                mixing.putScalar(i, 0.3 * rng.nextGaussian());
            }
        }
        // a prior far from uniform, so that sampling checks catch a decoder that ignores it
        long prior = store.slot("class.prior").offset();
        double[] theta = {0.0, 0.6, -0.4, 0.9};
        for (int k = 0; k < K; k++) {
            store.values().putScalar(prior + k, theta[k] / CellLabels.GAIN_PRIOR);
        }
        layer.bind(store);
    }

    /** Rows of data as the layout stores it: an image in (0, 1) and class k as (k + u)/K per label pixel. */
    private static INDArray input(int rows, long seed) {
        Random rng = new Random(seed);
        INDArray x = Nd4j.create(DataType.DOUBLE, rows, D);
        for (int r = 0; r < rows; r++) {
            int k = r % K;
            for (int c = 0; c < D; c++) {
                // label cells kept 0.05 from their edges, so finite differences of 1e-6 stay inside the cell
                x.putScalar(r, c, c < PLANE ? rng.nextDouble() : (k + 0.05 + 0.9 * rng.nextDouble()) / K);
            }
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(ClassCovariance.class)
    void decodeInvertsEncode(ClassCovariance covariance) {
        build(covariance);
        INDArray x = input(4, 1);
        INDArray z = layer.encode(x, Nd4j.zeros(DataType.DOUBLE, 4, 1), Pass.EVAL);
        assertEquals(0, layer.decode(z).distance2(x), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(ClassCovariance.class)
    void logDeterminantIsThatOfTheJacobian(ClassCovariance covariance) {
        build(covariance);
        for (int row = 0; row < K; row++) {
            INDArray x = input(K, 2).getRow(row, true).dup();
            INDArray logdet = Nd4j.zeros(DataType.DOUBLE, 1, 1);
            layer.encode(x, logdet, Pass.EVAL);
            double[][] jacobian = new double[D][D];
            for (int i = 0; i < D; i++) {
                INDArray p = x.dup();
                p.putScalar(0, i, x.getDouble(0, i) + STEP);
                INDArray m = x.dup();
                m.putScalar(0, i, x.getDouble(0, i) - STEP);
                INDArray column = layer.encode(p, Nd4j.zeros(DataType.DOUBLE, 1, 1), Pass.EVAL)
                        .sub(layer.encode(m, Nd4j.zeros(DataType.DOUBLE, 1, 1), Pass.EVAL)).divi(2 * STEP);
                for (int j = 0; j < D; j++) {
                    jacobian[j][i] = column.getDouble(0, j);
                }
            }
            // central differences with h = 1e-6 of a smooth map are good to ~1e-9 per entry; the Jacobian is
            // triangular with entries of order 1..40, so log|det| moves by far less than 1e-5
            assertEquals(logdet.getDouble(0, 0), Determinants.logAbsDet(jacobian), 1e-5, "class " + row);
        }
    }

    @ParameterizedTest
    @EnumSource(ClassCovariance.class)
    void backwardMatchesCentralDifferences(ClassCovariance covariance) {
        build(covariance);
        INDArray x = input(K, 3);
        Random rng = new Random(4);
        INDArray weights = Nd4j.create(DataType.DOUBLE, K, D);
        for (int i = 0; i < weights.length(); i++) {
            weights.putScalar(i, rng.nextGaussian());
        }
        INDArray logdetWeights = Nd4j.createFromArray(new double[][] {{0.6}, {-0.3}, {1.1}, {0.2}});
        store.zeroGradients();
        layer.encode(x, Nd4j.zeros(DataType.DOUBLE, K, 1), Pass.TRAIN);
        INDArray gradX = layer.backward(weights, logdetWeights);
        INDArray gradTheta = store.gradients().dup();
        for (int r = 0; r < K; r++) {
            for (int c = 0; c < D; c++) {
                INDArray p = x.dup();
                p.putScalar(r, c, x.getDouble(r, c) + STEP);
                INDArray m = x.dup();
                m.putScalar(r, c, x.getDouble(r, c) - STEP);
                double fd = (loss(p, weights, logdetWeights) - loss(m, weights, logdetWeights)) / (2 * STEP);
                // truncation ~1e-12 and rounding ~1e-12 / 1e-6 relative on these O(10..100) losses
                assertEquals(fd, gradX.getDouble(r, c), 1e-5 * (1 + Math.abs(fd)), "dL/dx[" + r + "," + c + "]");
            }
        }
        for (long k = 0; k < store.size(); k++) {
            double old = store.values().getDouble(k);
            store.values().putScalar(k, old + STEP);
            double lp = loss(x, weights, logdetWeights);
            store.values().putScalar(k, old - STEP);
            double lm = loss(x, weights, logdetWeights);
            store.values().putScalar(k, old);
            double fd = (lp - lm) / (2 * STEP);
            assertEquals(fd, gradTheta.getDouble(k), 1e-5 * (1 + Math.abs(fd)), "dL/dtheta[" + k + "]");
        }
    }

    @ParameterizedTest
    @EnumSource(ClassCovariance.class)
    void samplesDrawClassesFromThePriorWithEveryLabelPixelInItsCell(ClassCovariance covariance) {
        build(covariance);
        double[] pi = layer.prior();
        int n = 20_000;
        Random rng = new Random(9);
        INDArray z = Nd4j.create(DataType.DOUBLE, n, D);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < D; c++) {
                // the class coordinate from the logistic this layer maps a uniform to, the rest standard normal
                double u = rng.nextDouble();
                z.putScalar(r, c, c == PLANE ? CellLabels.KAPPA * Math.log(u / (1 - u)) : rng.nextGaussian());
            }
        }
        INDArray x = layer.decode(z);
        int[] counts = new int[K];
        for (int r = 0; r < n; r++) {
            int k = (int) Math.floor(K * x.getDouble(r, PLANE));
            counts[k]++;
            for (int p = 0; p < PLANE; p++) {
                double cell = K * x.getDouble(r, PLANE + p) - k;
                assertTrue(cell >= 0 && cell < 1, "label pixel " + p + " of sample " + r + " leaves class " + k);
            }
        }
        for (int k = 0; k < K; k++) {
            // binomial standard error sqrt(pi (1 - pi) / n) <= 0.0036: 0.015 is over four of them
            assertEquals(pi[k], counts[k] / (double) n, 0.015, "class " + k + " frequency");
        }
        // and the prior is far from uniform here, so the check above would catch a decoder ignoring it
        assertTrue(java.util.Arrays.stream(pi).max().getAsDouble() - java.util.Arrays.stream(pi).min().getAsDouble() > 0.2);
    }

    @ParameterizedTest
    @EnumSource(ClassCovariance.class)
    void exportedColoringsDecodeAsTheLayerDoes(ClassCovariance covariance) {
        build(covariance);
        INDArray z = input(K, 5);
        INDArray x = layer.decode(z);
        double[] colorings = layer.colorings();
        double[][] mu = layer.templates();
        double[][] s = layer.logScales();
        for (int r = 0; r < K; r++) {
            int k = (int) Math.floor(K * x.getDouble(r, PLANE));
            for (int j = 0; j < PLANE; j++) {
                double v = mu[k][j];
                for (int i = 0; i < PLANE; i++) {
                    v += colorings[k * PLANE * PLANE + j * PLANE + i] * Math.exp(s[k][i]) * z.getDouble(r, i);
                }
                // the same sums in another order: double rounding only
                assertEquals(v, x.getDouble(r, j), 1e-12, "pixel " + j + " of row " + r);
            }
        }
    }

    private double loss(INDArray x, INDArray weights, INDArray logdetWeights) {
        INDArray logdet = Nd4j.zeros(DataType.DOUBLE, x.rows(), 1);
        INDArray z = layer.encode(x, logdet, Pass.EVAL);
        return z.mul(weights).sumNumber().doubleValue() + logdet.mul(logdetWeights).sumNumber().doubleValue();
    }
}
