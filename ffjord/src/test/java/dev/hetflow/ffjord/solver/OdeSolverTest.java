package dev.hetflow.ffjord.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Solvers on ODEs with known solutions. */
class OdeSolverTest {

    /** y' = y cos t, y(0) = 1: y(t) = exp(sin t). A second part u' = -2 t u, u(0) = 1: u = exp(-t^2). */
    private static final VectorField FIELD = (t, y, dy) -> {
        dy[0].assign(y[0].mul(Math.cos(t)));
        dy[1].assign(y[1].mul(-2 * t));
    };

    private static INDArray[] start() {
        return new INDArray[] {Nd4j.ones(DataType.DOUBLE, 1, 1), Nd4j.ones(DataType.DOUBLE, 2, 1)};
    }

    private static double error(INDArray[] y, double t) {
        return Math.max(Math.abs(y[0].getDouble(0) - Math.exp(Math.sin(t))),
                Math.abs(y[1].getDouble(1) - Math.exp(-t * t)));
    }

    @Test
    void fixedStepMethodsConvergeAtTheirOrder() {
        Tableau[] methods = {Tableau.EULER, Tableau.MIDPOINT, Tableau.RK4};
        for (Tableau tab : methods) {
            double[] err = new double[2];
            for (int i = 0; i < 2; i++) {
                INDArray[] y = start();
                SolveStats s = OdeSolver.solve(FIELD, y, 0, 2, new SolverConfig.Fixed(tab, 40 << i));
                assertEquals((40L << i) * tab.stages(), s.evaluations());
                err[i] = error(y, 2);
            }
            double observedOrder = Math.log(err[0] / err[1]) / Math.log(2);
            // asymptotic regime at h = 0.05 / 0.025: observed order within 0.3 of the theoretical one
            assertEquals(tab.order(), observedOrder, 0.3, tab.name() + " errors " + err[0] + ", " + err[1]);
        }
    }

    @Test
    void dormandPrinceReachesItsToleranceForwardAndBackward() {
        for (double tol : new double[] {1e-4, 1e-7, 1e-10}) {
            INDArray[] y = start();
            SolveStats s = OdeSolver.solve(FIELD, y, 0, 6, SolverConfig.dopri5(tol, tol));
            double err = error(y, 6);
            // tolerances bound the local error per step; the global error over ~10-100 steps stays within 100x tol
            assertTrue(err < 100 * tol, "tol " + tol + " error " + err);
            assertTrue(s.evaluations() == 2 + 7L * (s.acceptedSteps() + s.rejectedSteps()),
                    "NFE = 2 (initial step) + 7 per attempted step: " + s);
            // integrate back to 0: returns to the initial value
            OdeSolver.solve(FIELD, y, 6, 0, SolverConfig.dopri5(tol, tol));
            assertEquals(1.0, y[0].getDouble(0), 200 * tol);
        }
        INDArray[] loose = start();
        INDArray[] tight = start();
        long nLoose = OdeSolver.solve(FIELD, loose, 0, 6, SolverConfig.dopri5(1e-4, 1e-4)).evaluations();
        long nTight = OdeSolver.solve(FIELD, tight, 0, 6, SolverConfig.dopri5(1e-10, 1e-10)).evaluations();
        assertTrue(nTight > 3 * nLoose, "tighter tolerance should take more steps: " + nLoose + " vs " + nTight);
    }

    @Test
    void dormandPrinceStopsAtMaxSteps() {
        VectorField stiff = (t, y, dy) -> dy[0].assign(y[0].mul(-1e6));
        INDArray[] y = {Nd4j.ones(DataType.DOUBLE, 1, 1)};
        assertThrows(IllegalStateException.class,
                () -> OdeSolver.solve(stiff, y, 0, 1, new SolverConfig.Adaptive(1e-8, 1e-8, 50)));
    }

    @Test
    void badConfigurationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SolverConfig.rk4(0));
        assertThrows(IllegalArgumentException.class, () -> new SolverConfig.Adaptive(0, 1e-3, 10));
        assertThrows(IllegalArgumentException.class,
                () -> OdeSolver.solve(FIELD, start(), 0, Double.NaN, SolverConfig.rk4(2)));
    }
}
