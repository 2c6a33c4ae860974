package dev.hetflow.sylvester.flows;

import dev.hetflow.sylvester.math.SdOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Planar flow (Rezende and Mohamed 2015; eq. 3-4 of van den Berg et al. 2018): z' = z + u^ h(w^T z + b) with
 * h = tanh and log|det J| = log|1 + h'(w^T z + b) w^T u^|. Invertibility needs w^T u^ >= -1, enforced by the
 * reparameterization u^ = u + (m(w^T u) - w^T u) w / ||w||^2 with m(a) = -1 + softplus(a), so w^T u^ = m(w^T u) > -1.
 * Blocks: u [D], w [D], b [1].
 */
public final class PlanarFlow implements Flow {

    /** Guards the division by ||w||^2 only when w is exactly 0; representable in float. */
    private static final double TINY = 1e-30;

    private final int dim;

    public PlanarFlow(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("latent dimension must be >= 1, got " + dim);
        }
        this.dim = dim;
    }

    @Override
    public int[] parameterBlocks() {
        return new int[] {dim, dim, 1};
    }

    @Override
    public FlowStep apply(SameDiff sd, SDVariable z, SDVariable[] blocks) {
        Flow.checkBlocks(this, blocks);
        SDVariable u = blocks[0];
        SDVariable w = blocks[1];
        SDVariable b = blocks[2];
        SDVariable wu = w.mul(u).sum(true, 1);                       // [B,1]
        SDVariable m = SdOps.softplus(sd, wu).sub(1.0);             // m(w^T u) > -1
        SDVariable wNorm2 = sd.math.square(w).sum(true, 1);
        SDVariable share = wNorm2.div(wNorm2.add(TINY));              // 1 unless w is (numerically) 0
        SDVariable uHat = u.add(w.mul(m.sub(wu).div(wNorm2.add(TINY)))); // eq. 4
        // w^T u^ = w^T u + (m - w^T u) ||w||^2 / (||w||^2 + tiny) = m(w^T u) > -1 whenever w != 0; written from m
        // rather than as the dot product so rounding cannot push 1 + h' w^T u^ to or below 0.
        SDVariable wuHat = wu.add(m.sub(wu).mul(share));
        SDVariable a = w.mul(z).sum(true, 1).add(b);                 // w^T z + b  [B,1]
        SDVariable h = sd.math.tanh(a);
        SDVariable zNext = z.add(uHat.mul(h));                       // eq. 3
        SDVariable hPrime = sd.math.square(h).rsub(1.0);
        SDVariable logDet = sd.math.log(hPrime.mul(wuHat).add(1.0)).reshape(-1);
        return new FlowStep(zNext, logDet);
    }
}
