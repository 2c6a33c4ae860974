package dev.hetflow.sylvester.train;

/**
 * KL weight beta as a function of the training step: linear from {@code start} to {@code end} over
 * {@code warmupSteps}, then constant (van den Berg et al. 2018 sec. 6: beta from 0.01 to 1 over 100 epochs).
 */
public record BetaSchedule(double start, double end, long warmupSteps) {

    public BetaSchedule {
        if (!(start >= 0 && end >= 0 && Double.isFinite(start) && Double.isFinite(end))) {
            throw new IllegalArgumentException("beta must be finite and >= 0, got start " + start + ", end " + end);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmup steps must be >= 0, got " + warmupSteps);
        }
    }

    /** The paper's annealing: 0.01 -> 1 linearly over 100 epochs of {@code stepsPerEpoch} steps. */
    public static BetaSchedule paper(long stepsPerEpoch) {
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("steps per epoch must be >= 1, got " + stepsPerEpoch);
        }
        return new BetaSchedule(0.01, 1.0, 100 * stepsPerEpoch);
    }

    public static BetaSchedule constant(double beta) {
        return new BetaSchedule(beta, beta, 0);
    }

    public double at(long step) {
        if (step >= warmupSteps) {
            return end;
        }
        return start + (end - start) * ((double) step / warmupSteps);
    }
}
