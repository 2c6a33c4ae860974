package dev.hetflow.experiments.training;

import java.util.List;

/**
 * When a run counts as converged: it was stopped by the plateau criterion (no validation gain for the early-stop
 * patience), or the plateau scheduler has lowered its learning rate and its best validation bits/dim of the last
 * {@link #WINDOW} epochs improved on the best before them by less than {@link #TOLERANCE} (relative). A slow curve
 * that the scheduler never saw stall has not converged; nor has a run with fewer than {@code WINDOW + 1} finished
 * epochs, or one that diverged.
 */
public final class Convergence {

    /** Epochs looked back over. */
    public static final int WINDOW = 2;
    /** Relative improvement below which the curve is flat: 0.5 %. */
    public static final double TOLERANCE = 0.005;

    private Convergence() {
    }

    public static boolean converged(List<EpochPoint> curve, double initialLearningRate, boolean stoppedOnPlateau,
            boolean unstable) {
        if (unstable) {
            return false;
        }
        if (stoppedOnPlateau) {
            return true;
        }
        if (curve.size() < WINDOW + 1 || !(curve.get(curve.size() - 1).learningRate() < initialLearningRate)) {
            return false;
        }
        double before = best(curve.subList(0, curve.size() - WINDOW));
        double recent = best(curve.subList(curve.size() - WINDOW, curve.size()));
        if (!Double.isFinite(before) || !Double.isFinite(recent)) {
            return false;
        }
        return before - recent < TOLERANCE * Math.abs(before);
    }

    private static double best(List<EpochPoint> points) {
        double best = Double.POSITIVE_INFINITY;
        for (EpochPoint p : points) {
            if (Double.isFinite(p.validBitsPerDim())) {
                best = Math.min(best, p.validBitsPerDim());
            }
        }
        return best;
    }
}
