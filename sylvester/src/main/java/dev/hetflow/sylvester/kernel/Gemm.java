package dev.hetflow.sylvester.kernel;

import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * c = op(a) op(b) + beta c on dense C-ordered matrices, nothing allocated on the native side. Float products of
 * the conv layers' shapes run in SIMD lanes ({@link LaneGemm}) where the JVM has the Vector API: c = a b or a b^T
 * with c's width a multiple of the lane count and b small enough to copy (the forward products and the column
 * gradients), and c = a^T b with the inner dimension long and c small (the weight gradients). Everything else is
 * one BLAS gemm call.
 */
public final class Gemm {

    /**
     * Largest b, in floats, that {@link LaneGemm#multiply} copies to the heap per call: its tiles read all of b for
     * every 4 rows of a, which stays fast while b stays in the core's cache (a dense layer's [1568, 256] weight did
     * not: 2.6 ms against OpenBLAS's 1.2).
     */
    private static final long MAX_PACKED = 1 << 15;
    /** Largest c, in floats, that {@link LaneGemm#multiplyTransA} sums on the heap. */
    private static final long MAX_SUMMED = 1 << 16;

    private Gemm() {
    }

    public static void run(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double beta) {
        run(a, transA, b, transB, c, beta, VectorSupport.AVAILABLE);
    }

    static void run(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double beta,
            boolean vector) {
        if (vector && (beta == 0 || beta == 1) && rowMajor(a) && rowMajor(b) && rowMajor(c)) {
            long n = c.columns();
            if (n % LaneGemm.STEP == 0) {
                if (!transA && b.length() <= MAX_PACKED) {
                    LaneGemm.multiply(a.data().asNioFloat(), (int) a.offset(), b.data().asNioFloat(),
                            (int) b.offset(), transB, c.data().asNio().order(ByteOrder.nativeOrder()),
                            (int) c.offset(), (int) a.rows(), (int) a.columns(), (int) n, beta == 1);
                    return;
                }
                if (transA && !transB && beta == 0 && c.length() <= MAX_SUMMED && a.rows() >= a.columns()) {
                    LaneGemm.multiplyTransA(a.data().asNioFloat(), (int) a.offset(), b.data().asNioFloat(),
                            (int) b.offset(), c.data().asNio().order(ByteOrder.nativeOrder()), (int) c.offset(),
                            (int) a.rows(), (int) a.columns(), (int) n);
                    return;
                }
            }
        }
        Nd4j.gemm(a, b, c, transA, transB, 1.0, beta);
    }

    /** A float matrix stored densely row after row, whose bytes an int indexes. */
    private static boolean rowMajor(INDArray x) {
        return x.dataType() == DataType.FLOAT && x.rank() == 2 && x.ordering() == 'c' && x.stride(1) == 1
                && x.stride(0) == x.columns() && (x.offset() + x.length()) * Float.BYTES < Integer.MAX_VALUE;
    }
}
