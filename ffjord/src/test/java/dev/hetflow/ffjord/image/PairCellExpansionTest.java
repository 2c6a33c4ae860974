package dev.hetflow.ffjord.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.params.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The pair expansion with labels first: exact inverse, log-determinant against the determinant of the
 * finite-difference Jacobian, reverse pass against central differences, and samples whose labels stay in their
 * cells. Double precision; a 4x6 window (D = 96) keeps the full Jacobian small.
 */
class PairCellExpansionTest {

    private static final int H = 4;
    private static final int W = 6;
    private static final int PLANE = H * W;
    private static final int D = 4 * PLANE;
    private static final double STEP = 1e-6;
    private PairCellExpansion layer;
    private ParameterStore store;

    @BeforeEach
    void build() {
        ParameterStore.Builder b = ParameterStore.builder();
        layer = new PairCellExpansion(H, W, 4.0, b, "pair");
        store = b.build(DataType.DOUBLE, 1);
        // rate a = 1.3 and a non-uniform histogram over each plane's 256 cells
        Random rng = new Random(7);
        for (long i = 0; i < store.size(); i++) {
            store.values().putScalar(i, 0.3 * rng.nextGaussian() / CellLabels.GAIN_PRIOR);
        }
        store.values().putScalar(store.slot("pair.rate").offset(), 1.3 / PairExpansion.GAIN);
        layer.bind(store);
    }

    /**
     * Frames in (0, 1); label planes as the data set stores them, (c + u)/256 on every pixel, cells about the middle
     * (displacements within +-1 px) and u in (0.2, 0.8), so that differences of 1e-6 stay inside a cell.
     */
    private static INDArray input(int rows, long seed) {
        Random rng = new Random(seed);
        INDArray x = Nd4j.create(DataType.DOUBLE, rows, D);
        for (int r = 0; r < rows; r++) {
            int[] cells = {96 + rng.nextInt(64), 96 + rng.nextInt(64)};
            for (int c = 0; c < D; c++) {
                x.putScalar(r, c, c < 2 * PLANE ? rng.nextDouble()
                        : (cells[(c - 2 * PLANE) / PLANE] + 0.2 + 0.6 * rng.nextDouble()) / 256);
            }
        }
        return x;
    }

    @Test
    void decodeInvertsEncode() {
        INDArray x = input(3, 1);
        INDArray z = layer.encode(x, Nd4j.zeros(DataType.DOUBLE, 3, 1), Pass.EVAL);
        assertEquals(0, layer.decode(z).distance2(x), 1e-12);
    }

    @Test
    void logDeterminantIsThatOfTheJacobian() {
        INDArray x = input(1, 2);
        INDArray logdet = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        layer.encode(x, logdet, Pass.EVAL);
        double[][] a = new double[D][D];
        for (int i = 0; i < D; i++) {
            INDArray p = x.dup();
            p.putScalar(0, i, x.getDouble(0, i) + STEP);
            INDArray m = x.dup();
            m.putScalar(0, i, x.getDouble(0, i) - STEP);
            INDArray column = layer.encode(p, Nd4j.zeros(DataType.DOUBLE, 1, 1), Pass.EVAL)
                    .sub(layer.encode(m, Nd4j.zeros(DataType.DOUBLE, 1, 1), Pass.EVAL)).divi(2 * STEP);
            for (int j = 0; j < D; j++) {
                a[j][i] = column.getDouble(0, j);
            }
        }
        // label entries are up to 256 kappa / (u (1 - u)) ~ 900: central differences with h = 1e-6 carry a relative
        // truncation error ~ h^2 f'''/(6 f') ~ 1e-7 each, which over 48 label dimensions moves log|det| by ~1e-5
        assertEquals(logdet.getDouble(0, 0), Determinants.logAbsDet(a), 1e-4);
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
            for (int c = 0; c < D; c += 3) {
                // a label pixel's z = kappa logit(256 L - c) bends on the scale of a cell (1/256): its third
                // derivative reaches ~2e9 at u = 0.2, so h = 1e-6 would leave a truncation error h^2 f'''/6 ~ 4e-4;
                // h = 1e-8 leaves 4e-8, and rounding |L| eps / h ~ 1e-6 on these O(100) losses
                double h = c >= 2 * PLANE ? 1e-8 : STEP;
                INDArray p = x.dup();
                p.putScalar(r, c, x.getDouble(r, c) + h);
                INDArray m = x.dup();
                m.putScalar(r, c, x.getDouble(r, c) - h);
                double fd = (loss(p, weights, logdetWeights) - loss(m, weights, logdetWeights)) / (2 * h);
                assertEquals(fd, gradX.getDouble(r, c), 1e-5 * (1 + Math.abs(fd)), "dL/dx[" + r + "," + c + "]");
            }
        }
        // the rate, and the prior logits of the cells these rows use and of cells they do not (through softmax)
        long prior = store.slot("pair.prior").offset();
        long[] checked = {store.slot("pair.rate").offset(), prior, prior + 100, prior + 130, prior + 256 + 110,
            prior + 511};
        for (long k : checked) {
            double old = store.values().getDouble(k);
            store.values().putScalar(k, old + STEP);
            double lp = loss(x, weights, logdetWeights);
            store.values().putScalar(k, old - STEP);
            double lm = loss(x, weights, logdetWeights);
            store.values().putScalar(k, old);
            double fd = (lp - lm) / (2 * STEP);
            assertEquals(fd, gradTheta.getDouble(k), 1e-6 * (1 + Math.abs(fd)), "dL/dtheta[" + k + "]");
        }
        for (long k = prior; k < prior + 512; k++) {
            assertTrue(Double.isFinite(gradTheta.getDouble(k)));
        }
    }

    @Test
    void sampledLabelsStayInTheirCellsAndFrameBFollowsFrameA() {
        Random rng = new Random(5);
        INDArray z = Nd4j.create(DataType.DOUBLE, 200, D);
        for (long i = 0; i < z.length(); i++) {
            z.putScalar(i, rng.nextGaussian());
        }
        INDArray x = layer.decode(z);
        for (int r = 0; r < 200; r++) {
            for (int l = 0; l < 2; l++) {
                int cell = (int) Math.floor(256 * x.getDouble(r, (2 + l) * PLANE));
                for (int p = 0; p < PLANE; p++) {
                    double at = 256 * x.getDouble(r, (2 + l) * PLANE + p) - cell;
                    assertTrue(at >= 0 && at < 1, "pixel " + p + " of plane " + l + " of sample " + r);
                }
            }
        }
        // re-encoding the samples gives back the latents: frame B was built from A and the sampled label
        INDArray back = layer.encode(x, Nd4j.zeros(DataType.DOUBLE, 200, 1), Pass.EVAL);
        assertEquals(0, back.distance2(z) / z.norm2Number().doubleValue(), 1e-9);
    }

    private double loss(INDArray x, INDArray weights, INDArray logdetWeights) {
        INDArray logdet = Nd4j.zeros(DataType.DOUBLE, x.rows(), 1);
        INDArray z = layer.encode(x, logdet, Pass.EVAL);
        return z.mul(weights).sumNumber().doubleValue() + logdet.mul(logdetWeights).sumNumber().doubleValue();
    }
}
