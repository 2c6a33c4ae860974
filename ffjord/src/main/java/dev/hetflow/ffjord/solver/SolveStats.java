package dev.hetflow.ffjord.solver;

/** What one solve cost: accepted steps, rejected steps and right-hand-side evaluations (NFE). */
public record SolveStats(int acceptedSteps, int rejectedSteps, long evaluations) {
}
