package dev.hetflow.trainer.model;

import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.TimeConditioning;
import java.util.List;

/**
 * An FFJORD model as the trainer builds it: {@code blocks} CNF blocks in sequence on the flattened sample, each with
 * an MLP dynamics net of the given hidden widths, integrated over [0, time] with fixed-step RK4 ({@code steps} steps,
 * gradients by backprop through the solver), Hutchinson's estimator for training.
 */
public record FfjordSettings(List<Integer> hidden, int blocks, int steps, double time,
        TimeConditioning conditioning, Activation activation, DivergenceMode trainDivergence,
        DivergenceMode evalDivergence) {

    public FfjordSettings {
        if (hidden == null || hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1 || h > 4096)) {
            throw new IllegalArgumentException("ffjord.hidden must list 1..4096 units per layer, got " + hidden);
        }
        hidden = List.copyOf(hidden);
        if (blocks < 1 || blocks > 8) {
            throw new IllegalArgumentException("ffjord.blocks must be 1..8, got " + blocks);
        }
        if (steps < 1 || steps > 1000) {
            throw new IllegalArgumentException("ffjord.steps must be 1..1000, got " + steps);
        }
        if (!(time > 0) || !Double.isFinite(time)) {
            throw new IllegalArgumentException("ffjord.time must be finite and > 0, got " + time);
        }
        if (conditioning == null || activation == null || trainDivergence == null || evalDivergence == null) {
            throw new IllegalArgumentException("ffjord settings need conditioning, activation and divergence modes");
        }
    }

    /** A small default: one block, 2 x 64 concatsquash tanh, RK4 with 8 steps over T = 1, Rademacher probes. */
    public static FfjordSettings small() {
        return new FfjordSettings(List.of(64, 64), 1, 8, 1.0, TimeConditioning.CONCATSQUASH, Activation.TANH,
                DivergenceMode.HUTCHINSON_RADEMACHER, DivergenceMode.HUTCHINSON_RADEMACHER);
    }
}
