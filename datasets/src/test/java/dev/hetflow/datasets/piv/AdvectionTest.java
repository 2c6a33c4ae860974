package dev.hetflow.datasets.piv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdvectionTest {

    @Test
    void movingPointsTogetherIsMovingEachAloneBitForBit() {
        SplittableRandom rng = new SplittableRandom(8);
        Advection advection = new Advection();
        for (FlowKind kind : new FlowKind[] {FlowKind.LAMB_OSEEN, FlowKind.SUPERPOSITION, FlowKind.RANDOM}) {
            FlowField field = RandomFlows.draw(kind, rng, 32, 32, 4);
            for (int subSteps : new int[] {1, 2, 5}) {
                int n = 100 + subSteps; // the scratch arrays grow and are reused
                double[] x = new double[n];
                double[] y = new double[n];
                for (int k = 0; k < n; k++) {
                    x[k] = -9 + 50 * rng.nextDouble();
                    y[k] = -9 + 50 * rng.nextDouble();
                }
                double[] x0 = x.clone();
                double[] y0 = y.clone();
                advection.advect(field, subSteps, x, y, n);
                for (int k = 0; k < n; k++) {
                    double[] alone = rk4(field, subSteps, x0[k], y0[k]);
                    assertEquals(alone[0], x[k], 0.0, kind + " x of point " + k);
                    assertEquals(alone[1], y[k], 0.0, kind + " y of point " + k);
                }
            }
        }
    }

    @Test
    void solidBodyRotationTurnsPointsByItsAngle() {
        // inside a Rankine core the field rotates by omega = 0.3 rad per frame, so the end point is known in closed
        // form; RK4 truncates exp(i h omega) after its 4th-order term, an error of r (h omega)^5 / 120 = 2e-7 px per
        // sub-step at r = 10 (h omega = 0.075): 8e-7 px after 4 sub-steps
        RankineVortex vortex = new RankineVortex(0, 0, 100, 30);
        double[] x = {10, 0, -7};
        double[] y = {0, 10, 7};
        double[] x0 = x.clone();
        double[] y0 = y.clone();
        new Advection().advect(vortex, 4, x, y, 3);
        double omega = 0.3;
        for (int k = 0; k < 3; k++) {
            assertEquals(x0[k] * Math.cos(omega) - y0[k] * Math.sin(omega), x[k], 1.5e-6);
            assertEquals(x0[k] * Math.sin(omega) + y0[k] * Math.cos(omega), y[k], 1.5e-6);
        }
    }

    /** Point-by-point classical RK4, written out as the reference. */
    private static double[] rk4(FlowField field, int subSteps, double x, double y) {
        double[] k = new double[2];
        double h = 1.0 / subSteps;
        for (int s = 0; s < subSteps; s++) {
            field.velocity(x, y, k);
            double k1u = k[0];
            double k1v = k[1];
            field.velocity(x + 0.5 * h * k1u, y + 0.5 * h * k1v, k);
            double k2u = k[0];
            double k2v = k[1];
            field.velocity(x + 0.5 * h * k2u, y + 0.5 * h * k2v, k);
            double k3u = k[0];
            double k3v = k[1];
            field.velocity(x + h * k3u, y + h * k3v, k);
            x += h / 6 * (k1u + 2 * k2u + 2 * k3u + k[0]);
            y += h / 6 * (k1v + 2 * k2v + 2 * k3v + k[1]);
        }
        return new double[] {x, y};
    }
}
