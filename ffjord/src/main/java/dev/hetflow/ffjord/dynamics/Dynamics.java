package dev.hetflow.ffjord.dynamics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A time-dependent vector field f(t, z) on R^D that can also push tangents forward (Jacobian-vector products) and
 * pull gradients back, by hand, in one pass each.
 *
 * <p>Rows are stacked: an evaluation works on a {@link Tape} whose input holds {@code (1 + K) * B} rows of length D:
 * rows {@code [0, B)} are the B states z, rows {@code [kB, (k+1)B)} for k = 1..K are tangent vectors v_k. The output
 * has the same layout: {@code f(t, z)} in the primal rows and {@code J(t, z) v_k} in tangent block k, where
 * {@code J = df/dz}. This is forward-mode differentiation, which the Hutchinson estimator {@code eps^T J eps}
 * needs; SameDiff cannot take the gradient of a gradient, so there is no reverse-over-reverse anywhere.
 *
 * <p>{@link #backward} is the exact reverse-mode derivative of that whole stacked map (including the tangent part,
 * so second derivatives of f enter the parameter gradient of the divergence).
 *
 * <p>A net may add terms whose share of tr(df/dz) is known in closed form ({@link #exactDivergence}): their Jacobian
 * is left out of the tangent rows, and the solver adds the exact share to the estimate instead.
 */
public interface Dynamics {

    /**
     * Attaches the parameter views: call once, after the {@link dev.hetflow.ffjord.params.ParameterStore.Builder} this
     * net registered its parameters with has been built.
     */
    void bind(dev.hetflow.ffjord.params.ParameterStore store);

    /** D, the length of one flattened state. */
    int dim();

    /** Buffers for one evaluation with {@code batch} states and {@code tangents} tangent blocks; reuse across calls. */
    Tape newTape(int batch, int tangents);

    /**
     * Evaluates the stacked map on {@code tape.input()} at time t and returns {@code tape.output()}. The tape keeps
     * what {@link #backward} needs until the next forward on the same tape.
     */
    INDArray forward(double t, Tape tape);

    /**
     * Reverse pass of the last {@link #forward} on this tape. {@code tape.gradOutput()} (filled by the caller, same
     * layout as the output) holds dL/d(output); it may be overwritten. Adds {@code paramScale * dL/dtheta} into the
     * parameter gradient buffer and returns dL/dz for the primal rows only ({@code [B, D]}, owned by the tape).
     */
    INDArray backward(Tape tape, double paramScale);

    /** Whether this net has terms of {@link #exactDivergence}: the solver skips that work for nets without. */
    default boolean hasExactDivergence() {
        return false;
    }

    /**
     * The part of tr(df/dz) at time t that this net knows exactly, the same for every row, whose Jacobian the tangent
     * rows leave out; 0 for nets whose whole Jacobian goes through the tangents.
     */
    default double exactDivergence(double t) {
        return 0;
    }

    /**
     * Adds {@code paramScale * gradDivergenceSum * d(exactDivergence(t))/dtheta} to the parameter gradient, where
     * gradDivergenceSum is dL/d(divergence) summed over the rows of the evaluation at t.
     */
    default void backwardExactDivergence(double t, double gradDivergenceSum, double paramScale) {
    }

    /** Calls the visitor's method for this kind of net (see {@link DynamicsVisitor}). */
    <R> R accept(DynamicsVisitor<R> visitor);

    /** Per-evaluation buffers; see {@link Dynamics}. */
    interface Tape {
        int batch();

        int tangents();

        /** {@code [(1 + K) * B, D]}, filled by the caller before {@link Dynamics#forward}. */
        INDArray input();

        /** {@code [(1 + K) * B, D]}, written by forward. */
        INDArray output();

        /** {@code [(1 + K) * B, D]}, filled by the caller before {@link Dynamics#backward}. */
        INDArray gradOutput();
    }
}
