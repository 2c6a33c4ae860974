package dev.hetflow.ffjord.dynamics;

import java.util.List;

/**
 * Architecture of an {@link MlpDynamics}: D -> hidden[0] -> ... -> hidden[n-1] -> D, every layer time-conditioned the
 * same way, the activation after every layer but the last. FFJORD's toy model is {@code dim=2, hidden=[64,64,64],
 * CONCATSQUASH, TANH}.
 */
public record MlpSpec(int dim, List<Integer> hidden, TimeConditioning conditioning, Activation activation) {

    public MlpSpec {
        if (dim <= 0) {
            throw new IllegalArgumentException("MLP state dimension must be positive, got " + dim);
        }
        if (hidden == null || conditioning == null || activation == null) {
            throw new IllegalArgumentException("MLP spec needs hidden widths, a time conditioning and an activation");
        }
        hidden = List.copyOf(hidden);
        for (int h : hidden) {
            if (h <= 0) {
                throw new IllegalArgumentException("hidden widths must be positive, got " + hidden);
            }
        }
    }

    /** Width of layer input i (0 = the state). */
    int width(int i) {
        return i == 0 || i == hidden.size() + 1 ? dim : hidden.get(i - 1);
    }

    int layerCount() {
        return hidden.size() + 1;
    }
}
