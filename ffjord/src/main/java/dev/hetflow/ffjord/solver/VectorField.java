package dev.hetflow.ffjord.solver;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The right-hand side dy/dt = F(t, y) of an ODE whose state is a tuple of arrays (e.g. z and the log-determinant).
 */
@FunctionalInterface
public interface VectorField {

    /** Writes F(t, y) into {@code dy}; {@code dy[i]} has {@code y[i]}'s shape. Must not modify y. */
    void evaluate(double t, INDArray[] y, INDArray[] dy);
}
