package dev.hetflow.sylvester;

import dev.hetflow.sylvester.flows.FlowType;
import dev.hetflow.sylvester.train.BetaSchedule;
import dev.hetflow.sylvester.vae.ChannelLayout;

/**
 * Everything that defines a model and its training. {@link #defaults(ChannelLayout)} gives the paper's H-SNF setting
 * (z = 64, 8 flows, 8 Householder reflections, beta 0.01 -> 1 over 100 epochs of MNIST at batch 100).
 *
 * @param orthogonalColumns      M of O-SNF, or 0 for D/2 (the paper's 32 for z = 64); ignored by other flows
 * @param orthogonalizationSteps fixed iterations of Q <- Q (I + (I - Q^T Q) / 2) in the graph
 * @param doublePrecision        DOUBLE instead of FLOAT arrays (for gradient checks)
 */
public record SylvesterConfig(ChannelLayout layout, FlowType flowType, int latentDim, int flowCount,
        int householderReflections, int orthogonalColumns, int orthogonalizationSteps, int convChannels, int hiddenDim,
        double learningRate, BetaSchedule betaSchedule, boolean doublePrecision, long seed) {

    public SylvesterConfig {
        if (layout == null || flowType == null || betaSchedule == null) {
            throw new IllegalArgumentException("layout, flow type and beta schedule are required");
        }
        if (latentDim < 1 || flowCount < 0 || householderReflections < 1 || orthogonalColumns < 0
                || orthogonalizationSteps < 1 || convChannels < 1 || hiddenDim < 1) {
            throw new IllegalArgumentException("sizes must be positive (flow count and orthogonal columns may be 0): latentDim=" + latentDim
                    + " flowCount=" + flowCount + " householderReflections=" + householderReflections
                    + " orthogonalColumns=" + orthogonalColumns + " orthogonalizationSteps=" + orthogonalizationSteps
                    + " convChannels=" + convChannels + " hiddenDim=" + hiddenDim);
        }
        if (flowType == FlowType.ORTHOGONAL && orthogonalColumns > latentDim) {
            throw new IllegalArgumentException("O-SNF needs orthogonalColumns <= latentDim, got " + orthogonalColumns
                    + " > " + latentDim);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
    }

    /** M of O-SNF: the configured value, or D/2 (at least 1) when it is 0. */
    public int effectiveOrthogonalColumns() {
        return orthogonalColumns > 0 ? orthogonalColumns : Math.max(1, latentDim / 2);
    }

    public static SylvesterConfig defaults(ChannelLayout layout) {
        return new SylvesterConfig(layout, FlowType.HOUSEHOLDER, 64, 8, 8, 0, 30, 16, 256, 5e-4,
                BetaSchedule.paper(600), false, 1234L);
    }

    public SylvesterConfig withFlows(FlowType type, int count) {
        return new SylvesterConfig(layout, type, latentDim, count, householderReflections, orthogonalColumns,
                orthogonalizationSteps, convChannels, hiddenDim, learningRate, betaSchedule, doublePrecision, seed);
    }

    public SylvesterConfig withHouseholderReflections(int reflections) {
        return new SylvesterConfig(layout, flowType, latentDim, flowCount, reflections, orthogonalColumns,
                orthogonalizationSteps, convChannels, hiddenDim, learningRate, betaSchedule, doublePrecision, seed);
    }

    public SylvesterConfig withOrthogonal(int columns, int steps) {
        return new SylvesterConfig(layout, flowType, latentDim, flowCount, householderReflections, columns, steps,
                convChannels, hiddenDim, learningRate, betaSchedule, doublePrecision, seed);
    }

    public SylvesterConfig withSizes(int latent, int conv, int hidden) {
        return new SylvesterConfig(layout, flowType, latent, flowCount, householderReflections, orthogonalColumns,
                orthogonalizationSteps, conv, hidden, learningRate, betaSchedule, doublePrecision, seed);
    }

    public SylvesterConfig withLearningRate(double lr) {
        return new SylvesterConfig(layout, flowType, latentDim, flowCount, householderReflections, orthogonalColumns,
                orthogonalizationSteps, convChannels, hiddenDim, lr, betaSchedule, doublePrecision, seed);
    }

    public SylvesterConfig withBetaSchedule(BetaSchedule schedule) {
        return new SylvesterConfig(layout, flowType, latentDim, flowCount, householderReflections, orthogonalColumns,
                orthogonalizationSteps, convChannels, hiddenDim, learningRate, schedule, doublePrecision, seed);
    }

    public SylvesterConfig withDoublePrecision(boolean useDouble) {
        return new SylvesterConfig(layout, flowType, latentDim, flowCount, householderReflections, orthogonalColumns,
                orthogonalizationSteps, convChannels, hiddenDim, learningRate, betaSchedule, useDouble, seed);
    }

    public SylvesterConfig withSeed(long newSeed) {
        return new SylvesterConfig(layout, flowType, latentDim, flowCount, householderReflections, orthogonalColumns,
                orthogonalizationSteps, convChannels, hiddenDim, learningRate, betaSchedule, doublePrecision, newSeed);
    }
}
