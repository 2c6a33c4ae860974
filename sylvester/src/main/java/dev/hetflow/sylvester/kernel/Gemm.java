package dev.hetflow.sylvester.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * c = op(a) op(b) + beta c on dense C-ordered matrices, nothing allocated on the native side: the conv layers'
 * float products in optim's SIMD-lane GEMMs ({@link dev.hetflow.optim.lanes.Gemm}) where {@link VectorSupport}
 * allows, one BLAS gemm call otherwise.
 */
public final class Gemm {

    private Gemm() {
    }

    public static void run(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double beta) {
        dev.hetflow.optim.lanes.Gemm.run(a, transA, b, transB, c, 1.0, beta, VectorSupport.AVAILABLE);
    }
}
