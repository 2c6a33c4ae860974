package dev.hetflow.ffjord.dynamics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The vectorized float activation ({@link VectorActivation}) gives what the ND4J ops of {@link StackedActivation}
 * give on the same float tape: values, slopes, tangent outputs and every gradient block (the ops' path is the one
 * the double-precision gradient checks pin). Pre-activations span +-40, so both softplus branches, sigmoid's tails and
 * tanh's saturation are hit; the widths leave a scalar tail after the SIMD lanes; the arrays are row views at a
 * non-zero offset of larger buffers, as the kernel addresses native memory by offset. Tolerance 2e-6 relative to
 * max(1, |value|): both sides round in float (one ulp is 6e-8 relative) and their exp/log1p/tanh differ by a few
 * ulps; the backward sums a handful of such products. Near tanh's saturation the ops' slope 1 - h^2 (h from
 * 2 sigmoid(2a) - 1) is off by up to about 1e-7 absolute from float cancellation, which the tangents (order 1) carry
 * into the outputs unamplified.
 */
class VectorActivationTest {

    private static final double TOLERANCE = 2e-6;

    @Test
    void vectorApiIsInThisJvm() {
        // the module's surefire run adds jdk.incubator.vector: without it the comparison below would test nothing
        assertTrue(VectorSupport.AVAILABLE, "run with --add-modules jdk.incubator.vector");
    }

    @ParameterizedTest
    @CsvSource({"SOFTPLUS,4,67,1,true", "SOFTPLUS,3,16,2,false", "SOFTPLUS,2,5,0,true", "TANH,4,67,1,false",
            "TANH,3,48,2,true", "TANH,2,5,0,false"})
    void matchesTheNd4jOps(Activation act, int batch, int width, int tangents, boolean masked) {
        Random rng = new Random(width * 31L + tangents);
        int rows = (1 + tangents) * batch;
        // primal pre-activations over +-40, tangents of order 1 (the conv CNF's are +-1 at its input)
        INDArray a = randomRows(rng, rows, width, 1);
        Rows.block(a, 0, batch).muli(40);
        INDArray ga = randomRows(rng, rows, width, 1);
        INDArray mask = null;
        if (masked) {
            mask = Nd4j.create(DataType.FLOAT, 1, width);
            for (int j = 0; j < width; j++) {
                mask.putScalar(0, j, j % 5 == 0 ? 0 : 1);
            }
        }
        INDArray[] ops = run(act, a, ga, batch, mask, false);
        INDArray[] vec = run(act, a, ga, batch, mask, true);
        assertClose(ops[0], vec[0], "activation outputs and tangents");
        assertClose(ops[1], vec[1], "gradients");
    }

    /** {next, ga after backward} of one forward and backward on copies of a and ga. */
    private static INDArray[] run(Activation act, INDArray a, INDArray ga, int batch, INDArray mask, boolean vector) {
        INDArray aView = offsetCopy(a);
        INDArray gaView = offsetCopy(ga);
        INDArray next = offsetCopy(Nd4j.zeros(DataType.FLOAT, a.shape()));
        StackedActivation s = new StackedActivation(act, aView, next, gaView, batch, mask, vector);
        s.forward();
        s.backward();
        return new INDArray[] {next.dup(), gaView.dup()};
    }

    /** A copy of x as rows [2, 2 + rows) of a larger dense array: a view with a non-zero offset. */
    private static INDArray offsetCopy(INDArray x) {
        INDArray big = Nd4j.zeros(DataType.FLOAT, x.rows() + 3, x.columns());
        INDArray view = Rows.slice(big, 2, 2 + x.rows());
        view.assign(x);
        return view;
    }

    private static INDArray randomRows(Random rng, int rows, int width, double scale) {
        INDArray x = Nd4j.create(DataType.FLOAT, rows, width);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < width; j++) {
                x.putScalar(i, j, scale * (2 * rng.nextDouble() - 1));
            }
        }
        return x;
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        for (long i = 0; i < expected.rows(); i++) {
            for (long j = 0; j < expected.columns(); j++) {
                double e = expected.getDouble(i, j);
                double v = actual.getDouble(i, j);
                double tol = TOLERANCE * Math.max(1, Math.abs(e));
                if (!(Math.abs(e - v) <= tol)) {
                    throw new AssertionError(what + " differ at (" + i + ", " + j + "): ND4J ops " + e
                            + ", vector " + v);
                }
            }
        }
    }
}
