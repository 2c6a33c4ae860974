package dev.hetflow.sylvester.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A dense layer a = x W (+ bias, applied by the caller's activation pass) on [rows, in] x [in, out], and its GEMMs back. */
public final class Dense {

    private Dense() {
    }

    /** a = x W. */
    public static void forward(INDArray x, INDArray weight, INDArray a) {
        Gemm.run(x, false, weight, false, a, 0.0);
    }

    /**
     * From da = dL/da [rows, out]: gWeight = x^T da and gBias = column sums (both overwritten); when gx is not null,
     * gx = da W^T + gxBeta gx (gxBeta 1 adds onto what other heads wrote).
     */
    public static void backward(INDArray x, INDArray da, Values dav, INDArray weight, INDArray gWeight, Values gBias,
            INDArray gx, double gxBeta) {
        Gemm.run(x, true, da, false, gWeight, 0.0);
        Elu.biasGradient(dav, gBias, (int) da.rows(), (int) da.columns());
        if (gx != null) {
            Gemm.run(da, false, weight, true, gx, gxBeta);
        }
    }
}
