package dev.hetflow.ffjord.solver;

/** Which ODE solver to use and how accurately. */
public sealed interface SolverConfig {

    /** A fixed grid of {@code steps} equal steps of an explicit Runge-Kutta method. */
    record Fixed(Tableau tableau, int steps) implements SolverConfig {
        public Fixed {
            if (tableau == null) {
                throw new IllegalArgumentException("fixed-step solver needs a tableau");
            }
            if (steps <= 0) {
                throw new IllegalArgumentException("number of solver steps must be positive, got " + steps);
            }
        }
    }

    /**
     * Adaptive Dormand-Prince 5(4): a step is accepted when the RMS over all components of
     * err_i / (atol + rtol * max(|y_i|, |y_new_i|)) is at most 1.
     */
    record Adaptive(double atol, double rtol, int maxSteps) implements SolverConfig {
        public Adaptive {
            if (!(atol > 0) || !(rtol >= 0) || Double.isInfinite(atol) || Double.isInfinite(rtol)) {
                throw new IllegalArgumentException("need atol > 0 and rtol >= 0, got " + atol + ", " + rtol);
            }
            if (maxSteps <= 0) {
                throw new IllegalArgumentException("maxSteps must be positive, got " + maxSteps);
            }
        }
    }

    static SolverConfig euler(int steps) {
        return new Fixed(Tableau.EULER, steps);
    }

    static SolverConfig midpoint(int steps) {
        return new Fixed(Tableau.MIDPOINT, steps);
    }

    static SolverConfig rk4(int steps) {
        return new Fixed(Tableau.RK4, steps);
    }

    static SolverConfig dopri5(double atol, double rtol) {
        return new Adaptive(atol, rtol, 10_000);
    }
}
