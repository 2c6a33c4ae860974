package dev.hetflow.ffjord.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.params.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The closed-form pair expansion: exact inverse, log-determinant against the determinant of the finite-difference
 * Jacobian, and its reverse pass against central differences. Double precision; a 4x6 window (D = 96) keeps the
 * full Jacobian small.
 */
class PairExpansionTest {

    private static final int H = 4;
    private static final int W = 6;
    private static final int D = 4 * H * W;
    private static final double STEP = 1e-6;
    private PairExpansion layer;
    private ParameterStore store;

    @BeforeEach
    void build() {
        ParameterStore.Builder b = ParameterStore.builder();
        layer = new PairExpansion(H, W, 4.0, b, "pair");
        store = b.build(DataType.DOUBLE, 1);
        // rates a = 1.3, b = -0.7, m = 0.4 and centres 0.5 + 0.05, 0.5 - 0.02
        store.values().putScalar(0, 1.3 / PairExpansion.GAIN);
        store.values().putScalar(1, -0.7 / PairExpansion.GAIN);
        store.values().putScalar(2, 0.4 / PairExpansion.GAIN);
        store.values().putScalar(3, 0.05);
        store.values().putScalar(4, -0.02);
        layer.bind(store);
    }

    private static INDArray input(int rows, long seed) {
        Random rng = new Random(seed);
        INDArray x = Nd4j.create(DataType.DOUBLE, rows, D);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < D; c++) {
                // frames in (0, 1); label planes near the middle: displacements of a px or so
                x.putScalar(r, c, c < 2 * H * W ? rng.nextDouble() : 0.5 + 0.1 * rng.nextGaussian());
            }
        }
        return x;
    }

    @Test
    void decodeInvertsEncode() {
        INDArray x = input(3, 1);
        INDArray z = layer.encode(x, Nd4j.zeros(DataType.DOUBLE, 3, 1), Pass.EVAL);
        assertEquals(0, layer.decode(z).distance2(x), 1e-12);
        assertEquals(0, z.getColumns(java.util.stream.IntStream.range(0, H * W).toArray())
                .distance2(x.getColumns(java.util.stream.IntStream.range(0, H * W).toArray())), 0.0, "frame A passes");
    }

    @Test
    void logDeterminantIsThatOfTheJacobian() {
        INDArray x = input(1, 2);
        INDArray logdet = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        layer.encode(x, logdet, Pass.EVAL);
        INDArray jacobian = Nd4j.create(DataType.DOUBLE, D, D);
        for (int i = 0; i < D; i++) {
            INDArray p = x.dup();
            p.putScalar(0, i, x.getDouble(0, i) + STEP);
            INDArray m = x.dup();
            m.putScalar(0, i, x.getDouble(0, i) - STEP);
            INDArray column = layer.encode(p, Nd4j.zeros(DataType.DOUBLE, 1, 1), Pass.EVAL)
                    .sub(layer.encode(m, Nd4j.zeros(DataType.DOUBLE, 1, 1), Pass.EVAL)).divi(2 * STEP);
            jacobian.putColumn(i, column.reshape(D, 1));
        }
        double logAbsDet = Determinants.logAbsDet(jacobian.toDoubleMatrix());
        // a H W + 2 (b (H W - 1) + m) = 1.3 * 24 + 2 (-0.7 * 23 + 0.4); central differences of a smooth map with h = 1e-6 are good
        // to ~1e-9 per entry, which moves log|det| of a well-conditioned 96x96 Jacobian by far less than 1e-5
        assertEquals(1.3 * H * W + 2 * (-0.7 * (H * W - 1) + 0.4), logdet.getDouble(0, 0), 1e-12);
        assertEquals(logdet.getDouble(0, 0), logAbsDet, 1e-5);
    }

    @Test
    void backwardMatchesCentralDifferences() {
        INDArray x = input(2, 3);
        Random rng = new Random(4);
        INDArray weights = Nd4j.create(DataType.DOUBLE, 2, D);
        for (int i = 0; i < weights.length(); i++) {
            weights.putScalar(i, rng.nextGaussian());
        }
        INDArray logdetWeights = Nd4j.createFromArray(new double[][] {{0.6}, {-0.3}});
        store.zeroGradients();
        layer.encode(x, Nd4j.zeros(DataType.DOUBLE, 2, 1), Pass.TRAIN);
        INDArray gradX = layer.backward(weights, logdetWeights);
        INDArray gradTheta = store.gradients().dup();
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < D; c += 5) {
                INDArray p = x.dup();
                p.putScalar(r, c, x.getDouble(r, c) + STEP);
                INDArray m = x.dup();
                m.putScalar(r, c, x.getDouble(r, c) - STEP);
                double fd = (loss(p, weights, logdetWeights) - loss(m, weights, logdetWeights)) / (2 * STEP);
                // truncation ~1e-12 and rounding ~1e-10 / 1e-6 = 1e-4 relative at worst on these O(10) losses
                assertEquals(fd, gradX.getDouble(r, c), 1e-6 * (1 + Math.abs(fd)), "dL/dx[" + r + "," + c + "]");
            }
        }
        for (int k = 0; k < 5; k++) {
            double old = store.values().getDouble(k);
            store.values().putScalar(k, old + STEP);
            double lp = loss(x, weights, logdetWeights);
            store.values().putScalar(k, old - STEP);
            double lm = loss(x, weights, logdetWeights);
            store.values().putScalar(k, old);
            double fd = (lp - lm) / (2 * STEP);
            assertEquals(fd, gradTheta.getDouble(k), 1e-6 * (1 + Math.abs(fd)), "dL/dtheta[" + k + "] (rates a, b, m, centres)");
        }
    }

    private double loss(INDArray x, INDArray weights, INDArray logdetWeights) {
        INDArray logdet = Nd4j.zeros(DataType.DOUBLE, x.rows(), 1);
        INDArray z = layer.encode(x, logdet, Pass.EVAL);
        return z.mul(weights).sumNumber().doubleValue() + logdet.mul(logdetWeights).sumNumber().doubleValue();
    }
}
