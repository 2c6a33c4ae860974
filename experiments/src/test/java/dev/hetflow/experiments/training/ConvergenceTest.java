package dev.hetflow.experiments.training;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvergenceTest {

    private static final double START = 0.002;

    /** A curve whose learning rate was halved on a plateau after the first epoch. */
    private static List<EpochPoint> curve(double... valid) {
        List<EpochPoint> points = new ArrayList<>();
        for (int i = 0; i < valid.length; i++) {
            points.add(new EpochPoint(i, valid[i], valid[i], i == 0 ? START : START / 2));
        }
        return points;
    }

    @Test
    void aFlatTailHasConverged() {
        // best before the last two epochs 3.000, best of the last two 2.990: 0.33 % < 0.5 %
        assertTrue(Convergence.converged(curve(4.0, 3.0, 2.995, 2.99), START, false, false));
    }

    @Test
    void aFallingCurveHasNot() {
        // 3.0 -> 2.9 is 3.3 %
        assertFalse(Convergence.converged(curve(4.0, 3.0, 2.95, 2.9), START, false, false));
    }

    @Test
    void aSlowCurveTheSchedulerNeverSawStallHasNot() {
        List<EpochPoint> slow = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            slow.add(new EpochPoint(i, 9.4 - 0.01 * i, 9.4 - 0.01 * i, START));
        }
        assertFalse(Convergence.converged(slow, START, false, false));
    }

    @Test
    void tooFewEpochsHaveNot() {
        assertFalse(Convergence.converged(curve(3.0, 3.0), START, false, false));
    }

    @Test
    void thePlateauStopCounts() {
        assertTrue(Convergence.converged(curve(3.0, 2.0), START, true, false));
    }

    @Test
    void anUnstableRunHasNot() {
        assertFalse(Convergence.converged(curve(4.0, 3.0, 3.0, 3.0), START, true, true));
    }

    @Test
    void aCurveWithoutFiniteEarlyPointsHasNot() {
        assertFalse(Convergence.converged(curve(Double.NaN, 3.0, 3.0), START, false, false));
    }
}
