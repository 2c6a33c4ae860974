package dev.hetflow.datasets.piv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FlowFieldTest {

    @Test
    void batchVelocitiesAreThePointwiseOnesBitForBit() {
        // the synthesizer advects through velocities(); samples must not depend on that: equality, no tolerance
        SplittableRandom rng = new SplittableRandom(3);
        int n = 300;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = -10 + 52 * rng.nextDouble();
            y[k] = -10 + 52 * rng.nextDouble();
        }
        x[0] = 15.5; // the centre of some vortices below: the near-axis branch
        y[0] = 15.5;
        for (FlowKind kind : FlowKind.values()) {
            for (int draw = 0; draw < 20; draw++) {
                FlowField field = RandomFlows.draw(kind, rng, 32, 32, 4);
                assertSameAsPointwise(field, x, y, n);
            }
        }
        assertSameAsPointwise(new LambOseenVortex(15.5, 15.5, 6, 40), x, y, n);
    }

    @Test
    void lambOseenOneMinusExpIsWithinItsStatedBound() {
        // 1 - exp(-s2) against expm1 (correctly rounded to within 1 ulp): relative error below 1.7e-13 as stated
        for (double s2 = 0; s2 < 60; s2 = s2 < 1e-5 ? s2 + 1e-7 : s2 * 1.001) {
            double exact = -Math.expm1(-s2);
            double fast = LambOseenVortex.oneMinusExp(s2);
            assertEquals(exact, fast, 1.7e-13 * exact + Double.MIN_VALUE, "s2 = " + s2);
        }
    }

    @Test
    void lambOseenPeaksAtItsMaximumSpeed() {
        LambOseenVortex vortex = LambOseenVortex.withMaxSpeed(0, 0, 5, 3);
        double[] out = new double[2];
        double peak = 0;
        for (double r = 0.1; r < 20; r += 0.001) {
            vortex.velocity(r, 0, out);
            peak = Math.max(peak, Math.hypot(out[0], out[1]));
            assertEquals(0, out[0], 1e-15, "tangential at r = " + r);
        }
        // a 0.001 step around a smooth maximum misses it by O(step^2)
        assertEquals(3, peak, 1e-6);
        vortex.velocity(5 * 1.12091, 0, out);
        assertEquals(3, out[1], 1e-6);
    }

    private static void assertSameAsPointwise(FlowField field, double[] x, double[] y, int n) {
        double[] u = new double[n];
        double[] v = new double[n];
        field.velocities(x, y, u, v, n);
        double[] out = new double[2];
        for (int k = 0; k < n; k++) {
            field.velocity(x[k], y[k], out);
            assertEquals(out[0], u[k], 0.0, field + " u at point " + k);
            assertEquals(out[1], v[k], 0.0, field + " v at point " + k);
        }
    }
}
