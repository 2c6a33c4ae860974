package dev.hetflow.trainer.model;

import dev.hetflow.ffjord.dynamics.Activation;
import java.util.List;

/**
 * The paper's image FFJORD (multiscale ODENVP from the ffjord module's ImageFlow): a logit transform with
 * {@code alpha}, then per scale two CNF blocks of 3x3 conv dynamics with the given hidden channel counts, squeeze and
 * factor-out between scales; fixed-step RK4 with {@code steps} steps over [0, time], Rademacher probes.
 */
public record ConvFfjordSettings(int scales, List<Integer> hidden, Activation activation, int steps, double time,
        double alpha) {

    public ConvFfjordSettings {
        if (scales < 1 || scales > 4) {
            throw new IllegalArgumentException("ffjordConv.scales must be 1..4, got " + scales);
        }
        if (hidden == null || hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1 || h > 512)) {
            throw new IllegalArgumentException("ffjordConv.hidden must list 1..512 channels per layer, got " + hidden);
        }
        hidden = List.copyOf(hidden);
        if (activation == null) {
            throw new IllegalArgumentException("ffjordConv.activation is required");
        }
        if (steps < 1 || steps > 1000 || !(time > 0) || !Double.isFinite(time)) {
            throw new IllegalArgumentException("ffjordConv needs 1..1000 steps and a finite time > 0");
        }
        if (!(alpha >= 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("ffjordConv.alpha must lie in [0, 0.5), got " + alpha);
        }
    }
}
