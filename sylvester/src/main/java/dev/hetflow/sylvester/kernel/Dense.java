package dev.hetflow.sylvester.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A dense layer a = x W (its bias added by the caller's activation pass) on [rows, in] x [in, out], and its GEMMs back. */
public final class Dense {

    private Dense() {
    }

    /** a = x W. */
    public static void forward(INDArray x, INDArray weight, INDArray a) {
        Gemm.run(x, false, weight, false, a, 0.0);
    }

    /**
     * From da = dL/da [rows, out]: gWeight = x^T da and gBias = column sums (both overwritten; ones is a [1, rows]
     * row of ones); when gx is not null, gx = da W^T + gxBeta gx (gxBeta 1 adds onto what other heads wrote).
     */
    public static void backward(INDArray x, INDArray da, INDArray ones, INDArray weight, INDArray gWeight,
            INDArray gBias, INDArray gx, double gxBeta) {
        Gemm.run(x, true, da, false, gWeight, 0.0);
        Elu.biasGradient(ones, da, gBias);
        if (gx != null) {
            Gemm.run(da, false, weight, true, gx, gxBeta);
        }
    }
}
