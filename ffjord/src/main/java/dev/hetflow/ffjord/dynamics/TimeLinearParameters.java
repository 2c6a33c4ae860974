package dev.hetflow.ffjord.dynamics;

/**
 * One time-conditioned affine layer of an {@link MlpDynamics} as it hands its parameters out (float32 copies,
 * row-major): {@code weight [out, in]}, {@code bias [out]}, {@code timeShift [out]} (CONCAT: w in y = W x + b + t w;
 * CONCATSQUASH: u in y = (W x + b) sigmoid(t g + c) + t u) and, for CONCATSQUASH only, {@code gateWeight} g and
 * {@code gateBias} c (null for CONCAT).
 */
public record TimeLinearParameters(TimeConditioning conditioning, int in, int out, float[] weight, float[] bias,
        float[] timeShift, float[] gateWeight, float[] gateBias) {
}
