package dev.hetflow.ffjord.dynamics;

/**
 * One 3x3 stride-1 conv layer of a {@link ConvDynamics} as it hands its parameters out (float32 copies, row-major):
 * a = conv3x3(x; weight) + bias + t conv3x3(1; timeWeight), zero padding 1; {@code weight [out, in, 3, 3]},
 * {@code timeWeight [out, 1, 3, 3]}, {@code bias [out]}.
 */
public record ConvLayerParameters(int in, int out, float[] weight, float[] timeWeight, float[] bias) {
}
