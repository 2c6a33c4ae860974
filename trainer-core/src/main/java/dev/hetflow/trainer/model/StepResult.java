package dev.hetflow.trainer.model;

import java.util.Map;

/**
 * Outcome of one training step.
 *
 * @param loss       the minimized objective (nats per sample), NaN or infinite when the step diverged
 * @param bitsPerDim the batch's bits/dim (before the update)
 * @param parts      named loss components (e.g. SNF's reconstruction and kl, beta), in nats
 * @param nfe        right-hand-side evaluations of the step's ODE solves (0 for models without ODEs)
 * @param applied    false when the parameters were left unchanged because the loss or gradient was not finite
 */
public record StepResult(double loss, double bitsPerDim, Map<String, Double> parts, long nfe, boolean applied) {

    public StepResult {
        parts = Map.copyOf(parts);
    }

    /** Whether the loss is a finite number and the update was applied. */
    public boolean finite() {
        return applied && Double.isFinite(loss);
    }
}
