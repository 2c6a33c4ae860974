package dev.hetflow.trainer.model;

import dev.hetflow.sylvester.flows.FlowType;

/**
 * A Sylvester-flow VAE with its flow type. The KL weight beta rises linearly from {@code betaStart} to 1 over
 * {@code betaWarmupSteps} steps (the paper: 0.01 -> 1 over 100 epochs); NLL is estimated with
 * {@code importanceSamples} samples per example (no ODE, so one figure: the evaluation's). Defaults: the paper's
 * H-SNF, z = 64, 8 flows of 8 Householder reflections, 32 conv channels, 256 hidden units, beta 0.01 -> 1 over 10,000
 * steps, 8 importance samples.
 */
public record SnfSpec(FlowType flowType, Integer latentDim, Integer flows, Integer householderReflections,
        Integer convChannels, Integer hiddenDim, Double betaStart, Long betaWarmupSteps, Integer importanceSamples)
        implements ModelSpec {

    public static final String KIND = "snf";

    public SnfSpec {
        flowType = flowType == null ? FlowType.HOUSEHOLDER : flowType;
        latentDim = latentDim == null ? 64 : latentDim;
        flows = flows == null ? 8 : flows;
        householderReflections = householderReflections == null ? 8 : householderReflections;
        convChannels = convChannels == null ? 32 : convChannels;
        hiddenDim = hiddenDim == null ? 256 : hiddenDim;
        betaStart = betaStart == null ? 0.01 : betaStart;
        betaWarmupSteps = betaWarmupSteps == null ? 10_000L : betaWarmupSteps;
        importanceSamples = importanceSamples == null ? 8 : importanceSamples;
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

    /** The paper's H-SNF with beta warming up over {@code betaWarmupSteps}. */
    public static SnfSpec paper(long betaWarmupSteps) {
        return new SnfSpec(null, null, null, null, null, null, null, betaWarmupSteps, null);
    }

    @Override
    public String family() {
        return SnfModel.FAMILY;
    }

    @Override
    public GenerativeModel build(SampleShape shape, long seed) {
        return new SnfModel(this, shape, seed);
    }
}
