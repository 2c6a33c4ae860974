package dev.hetflow.experiments.report;

import dev.hetflow.experiments.fidelity.FidelityFigure;
import dev.hetflow.experiments.training.RunResult;

/**
 * One row of "Label representations at equal wall time": a representation trained from scratch for the budget.
 *
 * @param dataset        piv or mnist
 * @param representation e.g. planes, subspace, cells, ordinal, onehot, class-cells
 * @param model          the model family that trains it, e.g. ffjord-pair
 * @param budgetSeconds  the wall-clock budget of its training
 * @param run            how the run went (steps, samples seen, wall time, best held-out bits/dim)
 * @param split          the model's own image | label split of bits/dim, null where it has none
 * @param fidelity       its generated labels judged by the report's judges
 */
public record LabelRow(String dataset, String representation, String model, double budgetSeconds, RunResult run,
        BitsSplit split, FidelityFigure fidelity) {
}
