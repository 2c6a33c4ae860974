package dev.hetflow.sylvester.flows;

import dev.hetflow.sylvester.math.SdOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Orthogonal Sylvester flow (O-SNF, van den Berg et al. 2018 sec. 4.1): Q [D x M] with M <= D orthonormal
 * columns, obtained from an amortized D x M block by the iterative orthogonalization of {@link Orthogonalization}.
 * Blocks: F [M*M], diag R [M], diag R~ [M], b [M], Q0 [D*M].
 */
public final class OrthogonalSylvesterFlow implements Flow {

    private final int dim;
    private final int columns;
    private final int iterations;
    private final SylvesterCore core;
    private final Map<SDVariable, SDVariable> orthogonalized = new IdentityHashMap<>();

    public OrthogonalSylvesterFlow(int dim, int columns, int iterations) {
        if (dim < 1 || columns < 1 || columns > dim) {
            throw new IllegalArgumentException("need 1 <= columns M <= latent dimension D, got M=" + columns
                    + ", D=" + dim);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("orthogonalization iterations must be >= 1, got " + iterations);
        }
        this.dim = dim;
        this.columns = columns;
        this.iterations = iterations;
        this.core = new SylvesterCore(columns);
    }

    @Override
    public int[] parameterBlocks() {
        return core.blocksWith(dim * columns);
    }

    @Override
    public boolean[] needsRandomBias() {
        return SylvesterCore.randomBiasOnExtraBlock();
    }

    @Override
    public FlowStep apply(SameDiff sd, SDVariable z, SDVariable[] blocks) {
        Flow.checkBlocks(this, blocks);
        SDVariable q = orthogonalMatrix(sd, blocks[SylvesterCore.BLOCKS]);
        return core.apply(sd, z, blocks, x -> SdOps.matTVec(q, x, dim), y -> SdOps.matVec(q, y, columns));
    }

    /**
     * Q [B,D,M] orthogonalized from the raw block [B, D*M]; built once per raw block, so the posterior-sample and
     * posterior-mean paths of a graph share it.
     */
    public SDVariable orthogonalMatrix(SameDiff sd, SDVariable rawBlock) {
        return orthogonalized.computeIfAbsent(rawBlock, raw -> Orthogonalization.orthogonalize(sd,
                raw.reshape(-1, dim, columns), columns, iterations));
    }

    public int dim() {
        return dim;
    }

    public int columns() {
        return columns;
    }
}
