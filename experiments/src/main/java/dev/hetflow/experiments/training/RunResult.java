package dev.hetflow.experiments.training;

import java.util.List;

/**
 * How one training run went.
 *
 * @param key            which run
 * @param curve          one point per finished epoch
 * @param bestBitsPerDim best validation bits/dim (NaN when no epoch finished)
 * @param converged      see {@link Convergence}
 * @param unstable       the loss went to infinity: the divergence guard's rollbacks ran out
 * @param stopReason     MAX_EPOCHS, EARLY_STOP, BUDGET (the wall-clock budget ran out), CANCELLED, or the failure
 * @param rollbacks      divergence rollbacks (each lowers the learning rate)
 * @param wallSeconds    training wall time, validation passes included
 * @param steps          training steps taken (rolled-back ones not counted)
 * @param samplesSeen    training samples in those steps
 */
public record RunResult(RunKey key, List<EpochPoint> curve, double bestBitsPerDim, boolean converged,
        boolean unstable, String stopReason, int rollbacks, double wallSeconds, long steps, long samplesSeen) {

    /** The stop reason of a run ended by its wall-clock budget. */
    public static final String BUDGET = "BUDGET";

    public RunResult {
        curve = List.copyOf(curve);
    }
}
