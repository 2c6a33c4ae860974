package dev.hetflow.optim.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link Gemm}'s SIMD-lane products ({@link LaneGemm}) against sums in double computed here, on shapes with and
 * without row, inner and column remainders of its register tiles, operands that are offset views of larger arrays,
 * c accumulated onto (beta 1) and scaled (alpha, as ffjord's weight gradients run); the BLAS path is held to the
 * same sums. The surefire argLine adds the Vector API module, so the lanes do run here.
 */
class GemmTest {

    private static final boolean LANES = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    @Test
    void lanesAreTestedAndTakeTheConvShapes() {
        assertTrue(LANES, "run with --add-modules jdk.incubator.vector");
        INDArray x = Nd4j.create(DataType.FLOAT, 200, 64);
        INDArray w = Nd4j.create(DataType.FLOAT, 64, 64);
        assertNotNull(LaneProduct.of(x, false, w, false, Nd4j.create(w.dataType(), 200, 64), 1.0));
        assertNotNull(LaneProduct.of(x, true, x, false, w, 0.0));
        // alpha onto an accumulated c is BLAS's; a width that is not a whole number of lanes too
        assertFalse(LaneProduct.of(x, false, w, false, Nd4j.create(w.dataType(), 200, 64), 1.0)
                .accepts(0.5));
        assertNull(LaneProduct.of(x, false, Nd4j.create(w.dataType(), 64, 36), false,
                Nd4j.create(w.dataType(), 200, 36), 0.0));
    }

    @ParameterizedTest
    // 301 x 128: a's rows come to the heap in chunks of 128 (the last one partial); 531 x 64 x 64: ffjord's conv
    // CNF layers (two column tiles, a's rows in chunks of 256)
    @CsvSource({"37, 9, 16", "64, 64, 32", "53, 30, 48", "5, 300, 16", "100, 256, 64", "1, 7, 32", "301, 128, 32",
        "531, 64, 64"})
    void productsMatchDoubleSums(int m, int k, int n) {
        Random random = new Random(m * 1000 + k * 10 + n);
        INDArray a = view(random, m, k);
        INDArray b = view(random, k, n);
        INDArray bT = view(random, n, k);
        INDArray d = view(random, m, n);
        for (boolean vector : new boolean[] {LANES, false}) {
            INDArray c = view(random, m, n);
            INDArray before = c.dup('c');
            Gemm.run(a, false, b, false, c, 1.0, 0.0, vector);
            check(c, null, a, false, b, false, 1.0, vector + " a b");
            Gemm.run(a, false, bT, true, c, 1.0, 0.0, vector);
            check(c, null, a, false, bT, true, 1.0, vector + " a b^T");
            Gemm.run(a, false, bT, true, c, -0.25, 0.0, vector);
            check(c, null, a, false, bT, true, -0.25, vector + " -0.25 a b^T");
            c.assign(before);
            Gemm.run(a, false, bT, true, c, 1.0, 1.0, vector);
            check(c, before, a, false, bT, true, 1.0, vector + " a b^T + c");
            INDArray w = view(random, k, n);
            Gemm.run(a, true, d, false, w, 1.0, 0.0, vector);
            check(w, null, a, true, d, false, 1.0, vector + " a^T d");
            Gemm.run(a, true, d, false, w, 0.125, 0.0, vector);
            check(w, null, a, true, d, false, 0.125, vector + " 0.125 a^T d");
        }
    }

    /** A [rows, cols] float matrix that is rows 1 .. rows of a larger dense one: an offset view. */
    private static INDArray view(Random random, int rows, int cols) {
        float[] v = new float[(rows + 2) * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Nd4j.createFromArray(v).reshape('c', rows + 2, cols).get(NDArrayIndex.interval(1, rows + 1),
                NDArrayIndex.all());
    }

    private static void check(INDArray c, INDArray before, INDArray a, boolean transA, INDArray b, boolean transB,
            double alpha, String what) {
        long m = c.rows();
        long n = c.columns();
        long k = transA ? a.rows() : a.columns();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = before == null ? 0 : before.getDouble(i, j);
                // alpha is a power of two here, so scaling adds no rounding
                double magnitude = Math.abs(sum);
                for (int t = 0; t < k; t++) {
                    double x = transA ? a.getDouble(t, i) : a.getDouble(i, t);
                    double y = transB ? b.getDouble(j, t) : b.getDouble(t, j);
                    sum += alpha * x * y;
                    magnitude += Math.abs(alpha * x * y);
                }
                // k float products and k + 1 float additions in any order: the rounding error is at most about
                // (k + 2) 2^-24 times the sum of magnitudes (Higham, Accuracy and Stability, eq. 3.5)
                double tolerance = (k + 2) * 0x1p-24 * magnitude;
                assertEquals(sum, c.getDouble(i, j), tolerance, what + " at " + i + "," + j);
            }
        }
    }
}
