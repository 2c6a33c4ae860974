package dev.hetflow.sylvester.flows;

/** The posterior flows the VAE can use; NONE is the plain VAE with a diagonal Gaussian posterior. */
public enum FlowType {
    NONE,
    PLANAR,
    ORTHOGONAL,
    HOUSEHOLDER,
    TRIANGULAR
}
