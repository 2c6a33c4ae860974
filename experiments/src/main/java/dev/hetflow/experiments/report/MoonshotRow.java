package dev.hetflow.experiments.report;

import dev.hetflow.experiments.fidelity.FidelityFigure;
import dev.hetflow.experiments.training.RunResult;

/**
 * The moonshot of issue 13: generated PIV labels at {@code side} px within {@link #TARGET_RATIO} of the
 * cross-correlation judge's error on real pairs.
 *
 * @param side          PIV window, px
 * @param budgetSeconds the run's wall-clock budget
 * @param run           how the run went
 * @param fidelity      its generated labels judged
 */
public record MoonshotRow(int side, double budgetSeconds, RunResult run, FidelityFigure fidelity) {

    /** Generated label RMS over the judge's RMS on real pairs that meets the moonshot. */
    public static final double TARGET_RATIO = 1.5;

    /** Generated label RMS over the judge's on real pairs; NaN where no generated pair could be read. */
    public double ratio() {
        return fidelity.generated() / fidelity.real();
    }

    public boolean met() {
        return ratio() <= TARGET_RATIO;
    }
}
