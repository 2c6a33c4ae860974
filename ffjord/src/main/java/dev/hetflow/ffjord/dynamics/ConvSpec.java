package dev.hetflow.ffjord.dynamics;

import java.util.List;

/**
 * Architecture of a {@link ConvDynamics} on images of {@code channels x height x width}: 3x3 stride-1 convolutions
 * (padding 1) channels -> hidden[0] -> ... -> channels, each seeing time as an extra constant input channel
 * (FFJORD's ConcatConv2d), the activation after every layer but the last. FFJORD's image nets use hidden
 * [64, 64, 64] and softplus.
 */
public record ConvSpec(int channels, int height, int width, List<Integer> hidden, Activation activation) {

    public ConvSpec {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + height + "x"
                    + width);
        }
        if (hidden == null || activation == null) {
            throw new IllegalArgumentException("conv spec needs hidden channel counts and an activation");
        }
        hidden = List.copyOf(hidden);
        for (int h : hidden) {
            if (h <= 0) {
                throw new IllegalArgumentException("hidden channel counts must be positive, got " + hidden);
            }
        }
    }

    public int dim() {
        return channels * height * width;
    }

    int layerCount() {
        return hidden.size() + 1;
    }

    int channels(int i) {
        return i == 0 || i == hidden.size() + 1 ? channels : hidden.get(i - 1);
    }
}
