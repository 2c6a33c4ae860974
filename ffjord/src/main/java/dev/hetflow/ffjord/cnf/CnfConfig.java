package dev.hetflow.ffjord.cnf;

import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.solver.SolverConfig;

/**
 * One CNF block's integration: over [0, T], with a divergence estimator and solver for training and another pair for
 * evaluation (FFJORD trains with Hutchinson and evaluates test likelihoods with the exact trace when D is small, and
 * uses tighter tolerances at test time), and how gradients are computed.
 */
public record CnfConfig(double time, DivergenceMode trainDivergence, SolverConfig trainSolver,
        DivergenceMode evalDivergence, SolverConfig evalSolver, GradientMode gradient, Regularization regularization) {

    /** Without RNODE regularization. */
    public CnfConfig(double time, DivergenceMode trainDivergence, SolverConfig trainSolver,
            DivergenceMode evalDivergence, SolverConfig evalSolver, GradientMode gradient) {
        this(time, trainDivergence, trainSolver, evalDivergence, evalSolver, gradient, Regularization.NONE);
    }

    public CnfConfig {
        if (!(time > 0) || Double.isInfinite(time)) {
            throw new IllegalArgumentException("integration time T must be finite and > 0, got " + time);
        }
        if (trainDivergence == null || trainSolver == null || evalDivergence == null || evalSolver == null
                || gradient == null || regularization == null) {
            throw new IllegalArgumentException("CNF config needs divergence modes, solvers and a gradient mode");
        }
        if (gradient == GradientMode.BACKPROP && !(trainSolver instanceof SolverConfig.Fixed)) {
            throw new IllegalArgumentException("backprop through the solver needs a fixed-step training solver; use "
                    + "GradientMode.ADJOINT with an adaptive solver");
        }
        if (regularization.active() && gradient != GradientMode.BACKPROP) {
            throw new IllegalArgumentException("RNODE regularization is implemented for GradientMode.BACKPROP only");
        }
    }
}
