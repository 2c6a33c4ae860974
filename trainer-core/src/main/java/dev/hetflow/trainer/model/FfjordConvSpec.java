package dev.hetflow.trainer.model;

import dev.hetflow.ffjord.dynamics.Activation;
import java.util.List;

/**
 * The paper's image FFJORD (multiscale ODENVP, the ffjord module's ImageFlow): a logit transform with {@code alpha},
 * then per scale two CNF blocks of 3x3 conv dynamics with the given hidden channel counts, squeeze and factor-out
 * between scales (the factor-out drops half the image-derived channels and keeps every label-derived one, so the
 * labels reach the coarsest scale), Rademacher probes. Defaults: 3 scales, hidden [64, 64, 64], softplus, T = 1, alpha 1e-6 (FFJORD's
 * MNIST settings), RK4 with 8 steps for training, Dormand-Prince at tolerance 1e-5 for evaluation.
 */
public record FfjordConvSpec(Integer scales, List<Integer> hidden, Activation activation, Double time, Double alpha,
        SolverSpec trainSolver, SolverSpec evalSolver) implements ModelSpec {

    public static final String KIND = "ffjord-conv";

    public FfjordConvSpec {
        scales = scales == null ? 3 : scales;
        if (scales < 1 || scales > 4) {
            throw new IllegalArgumentException("ffjordConv.scales must be 1..4, got " + scales);
        }
        hidden = hidden == null ? List.of(64, 64, 64) : hidden;
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1 || h > 512)) {
            throw new IllegalArgumentException("ffjordConv.hidden must list 1..512 channels per layer, got " + hidden);
        }
        hidden = List.copyOf(hidden);
        activation = activation == null ? Activation.SOFTPLUS : activation;
        time = time == null ? 1.0 : time;
        if (!(time > 0) || !Double.isFinite(time)) {
            throw new IllegalArgumentException("ffjordConv.time must be finite and > 0, got " + time);
        }
        alpha = alpha == null ? 1e-6 : alpha;
        if (!(alpha >= 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("ffjordConv.alpha must lie in [0, 0.5), got " + alpha);
        }
        trainSolver = trainSolver == null ? SolverSpec.rk4(8) : trainSolver;
        evalSolver = evalSolver == null ? SolverSpec.dopri5(1e-5) : evalSolver;
        FfjordModel.requireFixed(trainSolver);
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
