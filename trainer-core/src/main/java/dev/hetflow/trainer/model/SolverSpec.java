package dev.hetflow.trainer.model;

import dev.hetflow.ffjord.solver.SolverConfig;
import dev.hetflow.ffjord.solver.Tableau;

/**
 * An ODE solver as a job names it: a fixed-step Runge-Kutta method ({@code EULER}, {@code MIDPOINT}, {@code RK4})
 * with {@code steps} equal steps over [0, T], or adaptive Dormand-Prince 5(4) ({@code DOPRI5}) with tolerances
 * {@code atol}, {@code rtol}. Left-out fields: 8 steps, tolerances 1e-5 (FFJORD's test-time setting).
 */
public record SolverSpec(Method method, Integer steps, Double atol, Double rtol) {

    /** The solvers a spec may name. */
    public enum Method {
        EULER(Tableau.EULER), MIDPOINT(Tableau.MIDPOINT), RK4(Tableau.RK4), DOPRI5(null);

        private final Tableau tableau;

        Method(Tableau tableau) {
            this.tableau = tableau;
        }
    }

    public SolverSpec {
        if (method == null) {
            throw new IllegalArgumentException("solver.method is required: EULER, MIDPOINT, RK4 or DOPRI5");
        }
        if (method == Method.DOPRI5) {
            steps = null;
            atol = atol == null ? 1e-5 : atol;
            rtol = rtol == null ? 1e-5 : rtol;
            if (!(atol > 0) || !(rtol >= 0) || !Double.isFinite(atol) || !Double.isFinite(rtol)) {
                throw new IllegalArgumentException("solver tolerances need atol > 0 and rtol >= 0, got " + atol
                        + ", " + rtol);
            }
        } else {
            steps = steps == null ? 8 : steps;
            atol = null;
            rtol = null;
            if (steps < 1 || steps > 1000) {
                throw new IllegalArgumentException("solver.steps must be 1..1000, got " + steps);
            }
        }
    }

    public static SolverSpec rk4(int steps) {
        return new SolverSpec(Method.RK4, steps, null, null);
    }

    public static SolverSpec dopri5(double tolerance) {
        return new SolverSpec(Method.DOPRI5, null, tolerance, tolerance);
    }

    /** Whether this is a fixed grid (what backprop through the solver and the ONNX loop need). */
    public boolean fixed() {
        return method != Method.DOPRI5;
    }

    public SolverConfig config() {
        return fixed() ? new SolverConfig.Fixed(method.tableau, steps) : SolverConfig.dopri5(atol, rtol);
    }

    /** e.g. {@code rk4, 8 steps} or {@code dopri5, atol 1e-05, rtol 1e-05}: how reported figures name it. */
    public String label() {
        return fixed() ? method.name().toLowerCase(java.util.Locale.ROOT) + ", " + steps + " steps"
                : "dopri5, atol " + atol + ", rtol " + rtol;
    }
}
