package dev.hetflow.trainer.model;

import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.TimeConditioning;
import java.util.List;

/**
 * FFJORD on the flattened sample (D = C*H*W): {@code blocks} CNF blocks in sequence, each with an MLP dynamics net of
 * the given hidden widths, integrated over [0, time]. Training backpropagates through the fixed-step
 * {@code trainSolver}; bits/dim are evaluated with {@code evalSolver}. Defaults: hidden [64, 64], 1 block, T = 1,
 * concatsquash, tanh, Rademacher probes for training and evaluation, RK4 with 8 steps for training, Dormand-Prince at
 * tolerance 1e-5 for evaluation (as FFJORD evaluates).
 */
public record FfjordMlpSpec(List<Integer> hidden, Integer blocks, Double time, TimeConditioning conditioning,
        Activation activation, DivergenceMode trainDivergence, DivergenceMode evalDivergence, SolverSpec trainSolver,
        SolverSpec evalSolver) implements ModelSpec {

    public static final String KIND = "ffjord-mlp";

    public FfjordMlpSpec {
        hidden = hidden == null ? List.of(64, 64) : hidden;
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1 || h > 4096)) {
            throw new IllegalArgumentException("ffjord.hidden must list 1..4096 units per layer, got " + hidden);
        }
        hidden = List.copyOf(hidden);
        blocks = blocks == null ? 1 : blocks;
        if (blocks < 1 || blocks > 8) {
            throw new IllegalArgumentException("ffjord.blocks must be 1..8, got " + blocks);
        }
        time = time == null ? 1.0 : time;
        if (!(time > 0) || !Double.isFinite(time)) {
            throw new IllegalArgumentException("ffjord.time must be finite and > 0, got " + time);
        }
        conditioning = conditioning == null ? TimeConditioning.CONCATSQUASH : conditioning;
        activation = activation == null ? Activation.TANH : activation;
        trainDivergence = trainDivergence == null ? DivergenceMode.HUTCHINSON_RADEMACHER : trainDivergence;
        evalDivergence = evalDivergence == null ? DivergenceMode.HUTCHINSON_RADEMACHER : evalDivergence;
        trainSolver = trainSolver == null ? SolverSpec.rk4(8) : trainSolver;
        evalSolver = evalSolver == null ? SolverSpec.dopri5(1e-5) : evalSolver;
        FfjordModel.requireFixed(trainSolver);
    }

    /** All defaults. */
    public static FfjordMlpSpec defaults() {
        return new FfjordMlpSpec(null, null, null, null, null, null, null, null, null);
    }

    /** These settings with other training and evaluation solvers. */
    public FfjordMlpSpec withSolvers(SolverSpec train, SolverSpec eval) {
        return new FfjordMlpSpec(hidden, blocks, time, conditioning, activation, trainDivergence, evalDivergence,
                train, eval);
    }

    @Override
    public String family() {
        return FfjordModel.FAMILY;
    }

    @Override
    public GenerativeModel build(SampleShape shape, long seed) {
        return new FfjordModel(this, shape, seed);
    }
}
