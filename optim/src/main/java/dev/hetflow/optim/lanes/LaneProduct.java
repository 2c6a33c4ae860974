package dev.hetflow.optim.lanes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One float product c = alpha op(a) op(b) + beta c bound to its arrays' host buffers for {@link LaneGemm}: c = a b
 * or a b^T with c's width a multiple of the lane count and b small enough to copy (the forward products and the
 * column gradients), or c = a^T b with the inner dimension long and c small (the weight gradients). The arrays'
 * contents may change between runs, not the arrays. Create only where the JVM has the Vector API (it loads the
 * lane kernels) and ND4J runs on its CPU backend (whose buffers are host memory).
 */
public final class LaneProduct {

    /**
     * Largest b, in floats, that {@link LaneGemm#multiply} copies to the heap per call: its tiles read all of b for
     * every 4 rows of a, which stays fast while b stays in the core's cache (a dense layer's [1568, 256] weight did
     * not: 2.6 ms against OpenBLAS's 1.2).
     */
    private static final long MAX_PACKED = 1 << 15;
    /** Largest c, in floats, that {@link LaneGemm#multiplyTransA} sums on the heap. */
    private static final long MAX_SUMMED = 1 << 16;

    private final FloatBuffer a;
    private final int aAt;
    private final FloatBuffer b;
    private final int bAt;
    private final ByteBuffer c;
    private final int cAt;
    private final int m;
    private final int k;
    private final int n;
    private final boolean transA;
    private final boolean transB;
    private final boolean accumulate;

    private LaneProduct(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, boolean accumulate) {
        this.a = a.data().asNioFloat();
        this.aAt = (int) a.offset();
        this.b = b.data().asNioFloat();
        this.bAt = (int) b.offset();
        this.c = c.data().asNio().order(ByteOrder.nativeOrder());
        this.cAt = (int) c.offset();
        this.m = (int) a.rows();
        this.k = (int) a.columns();
        this.n = (int) c.columns();
        this.transA = transA;
        this.transB = transB;
        this.accumulate = accumulate;
    }

    /** The product bound for the lanes, or null where its shapes or layout are not theirs (run it in BLAS). */
    public static LaneProduct of(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double beta) {
        if ((beta != 0 && beta != 1) || !rowMajor(a) || !rowMajor(b) || !rowMajor(c)
                || c.columns() % LaneGemm.STEP != 0) {
            return null;
        }
        if (!transA && b.length() <= MAX_PACKED) {
            return new LaneProduct(a, b, c, false, transB, beta == 1);
        }
        if (transA && !transB && beta == 0 && c.length() <= MAX_SUMMED && a.rows() >= a.columns()) {
            return new LaneProduct(a, b, c, true, false, false);
        }
        return null;
    }

    /** Whether {@link #run} takes this alpha: any onto an overwritten c, only 1 onto an accumulated one. */
    public boolean accepts(double alpha) {
        return alpha == 1 || !accumulate;
    }

    public void run(double alpha) {
        if (!accepts(alpha)) {
            throw new IllegalArgumentException("alpha " + alpha + " onto an accumulated product; run it in BLAS");
        }
        if (transA) {
            LaneGemm.multiplyTransA(a, aAt, b, bAt, c, cAt, m, k, n, (float) alpha);
            return;
        }
        LaneGemm.multiply(a, aAt, b, bAt, transB, c, cAt, m, k, n, accumulate);
        if (alpha != 1) {
            LaneGemm.scale(c, cAt, cAt + m * n, (float) alpha);
        }
    }

    /** A float matrix stored densely row after row, whose bytes an int indexes. */
    private static boolean rowMajor(INDArray x) {
        return x.dataType() == DataType.FLOAT && x.rank() == 2 && x.ordering() == 'c' && x.stride(1) == 1
                && x.stride(0) == x.columns() && (x.offset() + x.length()) * Float.BYTES < Integer.MAX_VALUE;
    }
}
