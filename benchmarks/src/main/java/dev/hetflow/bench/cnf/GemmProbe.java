package dev.hetflow.bench.cnf;

import dev.hetflow.ffjord.kernel.BoundOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's practical limit for the conv CNF: a 1024^3 float GEMM through the same ND4J/BLAS path the conv layers
 * use, on the calling thread. GFLOP/s = 2 n^3 / time.
 */
public final class GemmProbe {

    private static final int N = 1024;
    private final BoundOp gemm;

    public GemmProbe() {
        INDArray a = Nd4j.rand(DataType.FLOAT, N, N);
        INDArray b = Nd4j.rand(DataType.FLOAT, N, N);
        gemm = BoundOp.matmul(a, b, Nd4j.create(DataType.FLOAT, N, N), false, false, 1.0, 0.0);
        gemm.run();
    }

    /** GFLOP/s over {@code repeats} products. */
    public double gflops(int repeats) {
        long start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            gemm.run();
        }
        return 2.0 * N * N * N * repeats / (System.nanoTime() - start);
    }
}
