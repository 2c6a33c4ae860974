package dev.hetflow.trainer.model;

import dev.hetflow.sylvester.flows.FlowType;

/**
 * A Sylvester-flow VAE as the trainer builds it. The KL weight beta rises linearly from {@code betaStart} to 1 over
 * {@code betaWarmupSteps} steps (the paper: 0.01 -> 1 over 100 epochs); NLL is estimated with
 * {@code importanceSamples} samples per example.
 */
public record SnfSettings(FlowType flowType, int latentDim, int flows, int householderReflections,
        int convChannels, int hiddenDim, double betaStart, long betaWarmupSteps, int importanceSamples) {

    public SnfSettings {
        if (flowType == null) {
            throw new IllegalArgumentException("snf.flowType is required");
        }
        if (latentDim < 1 || latentDim > 1024 || flows < 0 || flows > 64 || householderReflections < 1
                || convChannels < 1 || hiddenDim < 1 || importanceSamples < 1) {
            throw new IllegalArgumentException("snf sizes out of range: latentDim=" + latentDim + " flows=" + flows
                    + " householderReflections=" + householderReflections + " convChannels=" + convChannels
                    + " hiddenDim=" + hiddenDim + " importanceSamples=" + importanceSamples);
        }
        if (!(betaStart >= 0 && betaStart <= 1) || betaWarmupSteps < 0) {
            throw new IllegalArgumentException("snf beta must start in [0, 1] with warm-up >= 0 steps, got "
                    + betaStart + " over " + betaWarmupSteps);
        }
    }

    /** The paper's H-SNF: z = 64, 8 flows of 8 Householder reflections, beta 0.01 -> 1. */
    public static SnfSettings paper(long betaWarmupSteps) {
        return new SnfSettings(FlowType.HOUSEHOLDER, 64, 8, 8, 32, 256, 0.01, betaWarmupSteps, 8);
    }
}
