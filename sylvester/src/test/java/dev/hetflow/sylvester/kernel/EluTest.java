package dev.hetflow.sylvester.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bias plus ELU and ELU's gradient plus the bias gradient in SIMD lanes ({@link FloatLanes}) against the same
 * formulas evaluated in double here, and against libnd4j's op path, on widths with and without a scalar tail.
 */
class EluTest {

    private static final int ROWS = 203;

    /** surefire runs sylvester's tests with --add-modules jdk.incubator.vector, so the lane paths are under test. */
    @Test
    void theLanesRunInTheseTests() {
        assertTrue(VectorSupport.AVAILABLE, "lanes off (no jdk.incubator.vector, or "
                + "-Dhetflow.sylvester.vector=false): the tests would only cover libnd4j's path");
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 32, 37, 256})
    void forwardMatchesTheFormulaAndTheOpPath(int cols) {
        Random random = new Random(cols);
        INDArray a = randomFloats(random, ROWS, cols, 3.0);
        // the bias is a row of a larger array: an offset view, as a parameter cut from a flat store may be
        INDArray store = randomFloats(random, 3, cols, 1.0);
        INDArray bias = store.getRow(1);
        INDArray lanes = a.dup('c');
        INDArray ops = a.dup('c');
        Elu.forward(lanes, bias, Nd4j.create(DataType.FLOAT, ROWS, cols), true);
        Elu.forward(ops, bias, Nd4j.create(DataType.FLOAT, ROWS, cols), false);
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < cols; c++) {
                double x = (double) a.getFloat(r, c) + bias.getFloat(c);
                double expected = x > 0 ? x : Math.expm1(x);
                // float rounding of x + bias and of expm1 (a few ulps of values up to ~4): 1e-6 absolute
                assertEquals(expected, lanes.getFloat(r, c), 1e-6, "lanes at " + r + "," + c);
                assertEquals(ops.getFloat(r, c), lanes.getFloat(r, c), 1e-6, "ops at " + r + "," + c);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 32, 37, 256})
    void gradientAndBiasGradientMatchTheFormulaAndTheOpPath(int cols) {
        Random random = new Random(100 + cols);
        INDArray out = randomFloats(random, ROWS, cols, 2.0);
        Elu.forward(out, null, Nd4j.create(DataType.FLOAT, ROWS, cols), false);   // an ELU output, > -1
        INDArray g = randomFloats(random, ROWS, cols, 1.0);
        INDArray lanes = g.dup('c');
        INDArray ops = g.dup('c');
        INDArray gBiasLanes = Nd4j.create(DataType.FLOAT, cols);
        INDArray gBiasOps = Nd4j.create(DataType.FLOAT, cols);
        INDArray ones = Nd4j.ones(DataType.FLOAT, 1, ROWS);
        Elu.backwardWithBias(out, lanes, Nd4j.create(DataType.FLOAT, ROWS, cols), ones, gBiasLanes, true);
        Elu.backwardWithBias(out, ops, Nd4j.create(DataType.FLOAT, ROWS, cols), ones, gBiasOps, false);
        INDArray plain = g.dup('c');
        Elu.backward(out, plain, Nd4j.create(DataType.FLOAT, ROWS, cols), true);
        for (int c = 0; c < cols; c++) {
            double sum = 0;
            for (int r = 0; r < ROWS; r++) {
                double o = out.getFloat(r, c);
                double expected = g.getFloat(r, c) * (Math.min(o, 0) + 1);
                sum += expected;
                // one float product, rounded once (2^-24 relative): 2e-7 relative allows that and no more
                double ulps = 2e-7 * Math.max(1, Math.abs(expected));
                assertEquals(expected, lanes.getFloat(r, c), ulps, "lanes at " + r + "," + c);
                assertEquals(expected, plain.getFloat(r, c), ulps, "without bias at " + r + "," + c);
                assertEquals(ops.getFloat(r, c), lanes.getFloat(r, c), ulps, "ops at " + r + "," + c);
            }
            // sums of 203 float terms of magnitude up to ~4 (rounding at most ~5e-5 in the worst order): 1e-4 absolute
            assertEquals(sum, gBiasLanes.getFloat(c), 1e-4, "bias gradient lanes at " + c);
            assertEquals(gBiasOps.getFloat(c), gBiasLanes.getFloat(c), 1e-4, "bias gradient ops at " + c);
        }
    }

    private static INDArray randomFloats(Random random, int rows, int cols, double scale) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (scale * random.nextGaussian());
        }
        return Nd4j.createFromArray(v).reshape('c', rows, cols);
    }
}
