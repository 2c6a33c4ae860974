package dev.hetflow.sylvester.flows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random (also large) parameters always give an invertible layer: log-det finite, det J > 0 everywhere probed, and
 * the map injective numerically: Newton's method on f(z) = y from many far-away starts only ever finds the z
 * that produced y.
 */
class FlowInvertibilityTest {

    private static final int DIM = FlowLogDetTest.DIM;

    static java.util.stream.Stream<Flow> flows() {
        return FlowLogDetTest.flows();
    }

    @ParameterizedTest
    @MethodSource("flows")
    void randomParametersGivePositiveJacobianDeterminant(Flow flow) {
        FlowHarness harness = new FlowHarness(flow, DIM);
        Random random = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            double scale = trial < 10 ? 1.0 : 5.0;        // large parameters saturate tanh: the hard case
            double[][] blocks = harness.randomBlocks(random, scale);
            double[] z = gaussian(random, 3.0);
            double logDet = harness.logDet(z, blocks);
            assertTrue(Double.isFinite(logDet), "log-det must be finite, got " + logDet);
            double det = FlowHarness.determinant(harness.jacobian(z, blocks, 1e-5));
            assertTrue(det > 0, flow.getClass().getSimpleName() + ": det J = " + det);
        }
    }

    @ParameterizedTest
    @MethodSource("flows")
    void newtonFromFarStartsOnlyRecoversTheOriginalPoint(Flow flow) {
        FlowHarness harness = new FlowHarness(flow, DIM);
        Random random = new Random(13);
        int converged = 0;
        for (int trial = 0; trial < 4; trial++) {
            double[][] blocks = harness.randomBlocks(random, 2.0);
            double[] z = gaussian(random, 1.0);
            double[] y = harness.apply(z, blocks);
            for (int start = 0; start < 4; start++) {
                double[] solution = newton(harness, blocks, y, gaussian(random, 4.0));
                if (solution != null) {
                    converged++;
                    for (int i = 0; i < DIM; i++) {
                        // Newton converges quadratically: a solved root is accurate to ~1e-12; 1e-7 flags any
                        // second preimage, which would sit at O(1) distance.
                        assertEquals(z[i], solution[i], 1e-7, "a second preimage of y would break injectivity");
                    }
                }
            }
        }
        assertTrue(converged >= 8, "Newton should solve f(z) = y from most starts, solved " + converged + " of 16");
    }

    /** Damped Newton on f(z) - y with a finite-difference Jacobian; null if it does not reach |f(z) - y| < 1e-12. */
    private static double[] newton(FlowHarness harness, double[][] blocks, double[] y, double[] start) {
        double[] z = start.clone();
        for (int iteration = 0; iteration < 100; iteration++) {
            double[] residual = subtract(harness.apply(z, blocks), y);
            double norm = norm(residual);
            if (norm < 1e-12) {
                return z;
            }
            double[] delta = FlowHarness.solve(harness.jacobian(z, blocks, 1e-6), residual);
            double step = 1.0;
            double[] next = z;
            while (step > 1e-4) {
                next = subtract(z, scale(delta, step));
                if (norm(subtract(harness.apply(next, blocks), y)) < norm) {
                    break;
                }
                step /= 2;
            }
            z = next;
        }
        return null;
    }

    private static double[] gaussian(Random random, double scale) {
        double[] v = new double[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = scale * random.nextGaussian();
        }
        return v;
    }

    private static double[] subtract(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static double[] scale(double[] a, double s) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] * s;
        }
        return d;
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
