package dev.hetflow.sylvester.flows;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Triangular Sylvester flow (T-SNF, van den Berg et al. 2018 sec. 4.3): Q is the identity or, on alternate
 * layers, the permutation that reverses the order of z, so M = D and no orthogonalization is needed.
 * Blocks: F [D*D], diag R [D], diag R~ [D], b [D].
 */
public final class TriangularSylvesterFlow implements Flow {

    private final SylvesterCore core;
    private final boolean reversed;
    private final int dim;

    /** @param reversed true for the layers that use the reversal permutation (the odd ones in a stack). */
    public TriangularSylvesterFlow(int dim, boolean reversed) {
        if (dim < 1) {
            throw new IllegalArgumentException("latent dimension must be >= 1, got " + dim);
        }
        this.core = new SylvesterCore(dim);
        this.reversed = reversed;
        this.dim = dim;
    }

    @Override
    public int[] parameterBlocks() {
        return core.blocks();
    }

    @Override
    public FlowKernel kernel() {
        return new TriangularKernel(dim, reversed);
    }

    @Override
    public FlowStep apply(SameDiff sd, SDVariable z, SDVariable[] blocks) {
        Flow.checkBlocks(this, blocks);
        // The reversal P is symmetric and its own inverse, so Q^T = Q = P.
        return core.apply(sd, z, blocks, v -> permute(sd, v), v -> permute(sd, v));
    }

    private SDVariable permute(SameDiff sd, SDVariable v) {
        return reversed ? sd.reverse(v, 1) : v;
    }
}
