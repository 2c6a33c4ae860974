package dev.hetflow.sylvester.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** c = alpha op(a) op(b) + beta c on dense C-ordered matrices: one BLAS gemm call, nothing allocated. */
public final class Gemm {

    private Gemm() {
    }

    public static void run(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double beta) {
        Nd4j.gemm(a, b, c, transA, transB, 1.0, beta);
    }
}
