package dev.hetflow.sylvester.math;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** SameDiff building blocks that ND4J lacks in a numerically safe form. */
public final class SdOps {

    private SdOps() {
    }

    /**
     * softplus(x) = log(1 + e^x) computed as relu(x) + log1p(e^{-|x|}): ND4J's own softplus overflows to +inf
     * for x above ~88 in float and ~709 in double, which the discretized logistic reaches with small scales.
     */
    public static SDVariable softplus(SameDiff sd, SDVariable x) {
        return sd.nn.relu(x, 0.0).add(sd.math.log1p(sd.math.exp(sd.math.abs(x).neg())));
    }

    /** log sigmoid(x) = -softplus(-x), stable for any x. */
    public static SDVariable logSigmoid(SameDiff sd, SDVariable x) {
        return softplus(sd, x.neg()).neg();
    }

    /** Per-example matrix-vector product: a [B,N,M], v [B,M] gives a v [B,N]. */
    public static SDVariable matVec(SDVariable a, SDVariable v, int m) {
        return a.mul(v.reshape(-1, 1, m)).sum(2);
    }

    /** Per-example transposed product: a [B,N,M], v [B,N] gives a^T v [B,M]. */
    public static SDVariable matTVec(SDVariable a, SDVariable v, int n) {
        return a.mul(v.reshape(-1, n, 1)).sum(1);
    }
}
