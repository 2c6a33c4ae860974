package dev.hetflow.optim.lanes;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * c = alpha op(a) op(b) + beta c on dense C-ordered float matrices, nothing allocated on the native side. Products
 * of the conv layers' shapes run in SIMD lanes ({@link LaneProduct}) when the caller says the JVM has the Vector
 * API; everything else is one BLAS gemm call.
 */
public final class Gemm {

    private Gemm() {
    }

    /**
     * One product, in lanes where {@code vector} is true and {@link LaneProduct#of} takes the shapes and alpha,
     * else in BLAS. Callers that run the same product many times bind it once with {@link LaneProduct#of}.
     */
    public static void run(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double alpha,
            double beta, boolean vector) {
        LaneProduct lanes = vector ? LaneProduct.of(a, transA, b, transB, c, beta) : null;
        if (lanes != null && lanes.accepts(alpha)) {
            lanes.run(alpha);
        } else {
            Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
        }
    }
}
