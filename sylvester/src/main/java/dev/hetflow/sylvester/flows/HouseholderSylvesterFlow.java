package dev.hetflow.sylvester.flows;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;


/**
 * Householder Sylvester flow (H-SNF, van den Berg et al. 2018 sec. 4.2): Q = H_1 H_2 ... H_H is a product of
 * Householder reflections H_j = I - 2 v_j v_j^T / ||v_j||^2, orthogonal for any nonzero v_j, so M = D.
 * Q is never formed: Q^T z = H_H ... H_1 z applies H_1 first, Q y = H_1 ... H_H y applies H_H first.
 * Blocks: F [D*D], diag R [D], diag R~ [D], b [D], v [H*D].
 */
public final class HouseholderSylvesterFlow implements Flow {

    /** Keeps v / ||v|| finite if an amortized v is exactly 0; far below any norm that matters. */
    private static final double TINY = 1e-30;

    private final int dim;
    private final int reflections;
    private final SylvesterCore core;

    public HouseholderSylvesterFlow(int dim, int reflections) {
        if (dim < 1) {
            throw new IllegalArgumentException("latent dimension must be >= 1, got " + dim);
        }
        if (reflections < 1) {
            throw new IllegalArgumentException("Householder reflections must be >= 1, got " + reflections);
        }
        this.dim = dim;
        this.reflections = reflections;
        this.core = new SylvesterCore(dim);
    }

    @Override
    public int[] parameterBlocks() {
        return core.blocksWith(reflections * dim);
    }

    @Override
    public boolean[] needsRandomBias() {
        return SylvesterCore.randomBiasOnExtraBlock();
    }

    @Override
    public FlowKernel kernel() {
        return new HouseholderKernel(dim, reflections);
    }

    @Override
    public FlowStep apply(SameDiff sd, SDVariable z, SDVariable[] blocks) {
        Flow.checkBlocks(this, blocks);
        SDVariable v = blocks[SylvesterCore.BLOCKS].reshape(-1, reflections, dim);
        SDVariable unit = v.div(sd.math.sqrt(sd.math.square(v).sum(true, 2).add(TINY)));   // [B,H,D]
        SDVariable[] units = new SDVariable[reflections];
        for (int j = 0; j < reflections; j++) {
            units[j] = unit.get(SDIndex.all(), SDIndex.point(j),
                    SDIndex.all());                         // [B,D]
        }
        return core.apply(sd, z, blocks, x -> {
            SDVariable out = x;
            for (int j = 0; j < reflections; j++) {
                out = reflect(out, units[j]);
            }
            return out;
        }, y -> {
            SDVariable out = y;
            for (int j = reflections - 1; j >= 0; j--) {
                out = reflect(out, units[j]);
            }
            return out;
        });
    }

    /** H x = x - 2 u (u^T x) for a unit vector u. */
    private static SDVariable reflect(SDVariable x, SDVariable u) {
        return x.sub(u.mul(u.mul(x).sum(true, 1).mul(2.0)));
    }
}
