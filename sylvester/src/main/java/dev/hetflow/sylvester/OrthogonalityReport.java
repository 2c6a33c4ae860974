package dev.hetflow.sylvester;

/**
 * O-SNF orthogonalization on a batch: the largest ||Q^T Q - I||_2 at the start (convergence needs it below 1)
 * and after the fixed number of iterations (float graphs reach ~1e-6).
 */
public record OrthogonalityReport(double startDeviation, double finalDeviation) {

    public boolean convergenceConditionHolds() {
        return startDeviation < 1.0;
    }
}
