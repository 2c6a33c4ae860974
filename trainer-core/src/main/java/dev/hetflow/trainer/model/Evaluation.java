package dev.hetflow.trainer.model;

/**
 * Bits/dim of held-out samples.
 *
 * @param bitsPerDim            with the spec's evaluation solver (the reported figure)
 * @param trainSolverBitsPerDim with the training solver, for comparison (equal to bitsPerDim for kinds without one)
 * @param nfe                   right-hand-side evaluations the evaluation solver made (0 without an ODE)
 */
public record Evaluation(double bitsPerDim, double trainSolverBitsPerDim, long nfe) {
}
