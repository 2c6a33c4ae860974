package dev.hetflow.ffjord.cnf;

import org.nd4j.linalg.api.ndarray.INDArray;

/** The base density N(0, I) on R^D. */
public final class StandardNormal {

    private StandardNormal() {
    }

    /** log N(z; 0, I) = -|z|^2 / 2 - (D / 2) log(2 pi), per row, as [B, 1]. */
    public static INDArray logDensity(INDArray z) {
        if (z.rank() != 2) {
            throw new IllegalArgumentException("expected [B, D] latents, got rank " + z.rank());
        }
        double constant = -0.5 * z.columns() * Math.log(2 * Math.PI);
        return z.mul(z).sum(true, 1).muli(-0.5).addi(constant);
    }
}
