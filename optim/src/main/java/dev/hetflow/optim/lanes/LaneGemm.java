package dev.hetflow.optim.lanes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float GEMMs for the kernels' shapes in SIMD lanes of the JDK's Vector API: tall products whose output is 16-32
 * columns wide (the conv layers' B H W x 16-32 outputs and their gradients), where OpenBLAS 0.3.19 reached 30-60
 * GFLOP/s on this machine against about 95 on a 1024^3 product. Register tiles of R rows x 1-2 vectors are summed
 * over the inner dimension from heap copies of the operands (rows of A copied in chunks, B whole: the JIT keeps
 * heap loads cheap where native-buffer reads carry a check each): a [19600, 256] x [256, 32] product took 2.2 ms
 * (145 GFLOP/s) this way against 6.6 ms in OpenBLAS and 3.7 ms reading the native buffer directly. The conv
 * CNF's 64-channel layers (c = [8,712, 64], K = 64, nine products per layer) took 4.6-6.2 ms per nine forward
 * products against OpenBLAS's 7.0-8.8, and 6.8 ms per nine weight gradients against 10.1 (same thread, alternated).
 * Loaded only when a caller's check says the JVM has the Vector API ({@link Gemm}).
 */
final class LaneGemm {

    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
    static final int STEP = LANES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Floats of A copied to the heap at a time (a chunk of whole rows, at least one). */
    private static final int CHUNK_FLOATS = 16384;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    private LaneGemm() {
    }

    private static float[] scratch(int slot, int n) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < n) {
            s[slot] = new float[n];
        }
        return s[slot];
    }

    /** c[from, to) *= alpha, floats at c's float offsets. */
    static void scale(ByteBuffer c, int from, int to, float alpha) {
        FloatBuffer cf = c.asFloatBuffer();
        for (int i = from; i < to; i++) {
            cf.put(i, cf.get(i) * alpha);
        }
    }

    /**
     * c[m, n] = a[m, k] b + beta c with b = [k, n] (bT false) or b^T for b = [n, k] (bT true); beta 0 or 1. All
     * dense row-major, at the given float offsets; n a multiple of {@link #STEP}.
     */
    static void multiply(FloatBuffer a, int aAt, FloatBuffer b, int bAt, boolean bT, ByteBuffer c, int cAt,
            int m, int k, int n, boolean accumulate) {
        float[] pb = scratch(0, k * n);
        if (bT) {
            float[] row = scratch(1, k);
            for (int j = 0; j < n; j++) {
                b.get(bAt + j * k, row, 0, k);
                for (int t = 0; t < k; t++) {
                    pb[t * n + j] = row[t];
                }
            }
        } else {
            b.get(bAt, pb, 0, k * n);
        }
        int chunk = Math.max(1, CHUNK_FLOATS / k);
        float[] pa = scratch(2, chunk * k);
        for (int r0 = 0; r0 < m; r0 += chunk) {
            int rows = Math.min(chunk, m - r0);
            a.get(aAt + r0 * k, pa, 0, rows * k);
            int base = (cAt + r0 * n) * Float.BYTES;
            int col = 0;
            for (; col + 2 * STEP <= n; col += 2 * STEP) {
                int r = 0;
                for (; r + 4 <= rows; r += 4) {
                    tile4x2(pa, r * k, k, pb, n, col, c, base + (r * n + col) * Float.BYTES, n * Float.BYTES,
                            accumulate);
                }
                for (; r < rows; r++) {
                    tile1(pa, r * k, k, pb, n, col, c, base + (r * n + col) * Float.BYTES, accumulate);
                    tile1(pa, r * k, k, pb, n, col + STEP, c, base + (r * n + col + STEP) * Float.BYTES,
                            accumulate);
                }
            }
            if (col < n) {
                int r = 0;
                for (; r + 8 <= rows; r += 8) {
                    tile8x1(pa, r * k, k, pb, n, col, c, base + (r * n + col) * Float.BYTES, n * Float.BYTES,
                            accumulate);
                }
                for (; r < rows; r++) {
                    tile1(pa, r * k, k, pb, n, col, c, base + (r * n + col) * Float.BYTES, accumulate);
                }
            }
        }
    }

    private static FloatVector out(FloatVector acc, ByteBuffer c, int at, boolean accumulate) {
        return accumulate ? acc.add(FloatVector.fromByteBuffer(LANES, c, at, ORDER)) : acc;
    }

    private static void tile4x2(float[] pa, int a0, int k, float[] pb, int n, int col, ByteBuffer c, int at,
            int rowBytes, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(LANES);
        FloatVector c01 = FloatVector.zero(LANES);
        FloatVector c10 = FloatVector.zero(LANES);
        FloatVector c11 = FloatVector.zero(LANES);
        FloatVector c20 = FloatVector.zero(LANES);
        FloatVector c21 = FloatVector.zero(LANES);
        FloatVector c30 = FloatVector.zero(LANES);
        FloatVector c31 = FloatVector.zero(LANES);
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        for (int t = 0; t < k; t++) {
            FloatVector w0 = FloatVector.fromArray(LANES, pb, t * n + col);
            FloatVector w1 = FloatVector.fromArray(LANES, pb, t * n + col + STEP);
            FloatVector x = FloatVector.broadcast(LANES, pa[a0 + t]);
            c00 = x.fma(w0, c00);
            c01 = x.fma(w1, c01);
            x = FloatVector.broadcast(LANES, pa[a1 + t]);
            c10 = x.fma(w0, c10);
            c11 = x.fma(w1, c11);
            x = FloatVector.broadcast(LANES, pa[a2 + t]);
            c20 = x.fma(w0, c20);
            c21 = x.fma(w1, c21);
            x = FloatVector.broadcast(LANES, pa[a3 + t]);
            c30 = x.fma(w0, c30);
            c31 = x.fma(w1, c31);
        }
        int v = STEP * Float.BYTES;
        out(c00, c, at, accumulate).intoByteBuffer(c, at, ORDER);
        out(c01, c, at + v, accumulate).intoByteBuffer(c, at + v, ORDER);
        at += rowBytes;
        out(c10, c, at, accumulate).intoByteBuffer(c, at, ORDER);
        out(c11, c, at + v, accumulate).intoByteBuffer(c, at + v, ORDER);
        at += rowBytes;
        out(c20, c, at, accumulate).intoByteBuffer(c, at, ORDER);
        out(c21, c, at + v, accumulate).intoByteBuffer(c, at + v, ORDER);
        at += rowBytes;
        out(c30, c, at, accumulate).intoByteBuffer(c, at, ORDER);
        out(c31, c, at + v, accumulate).intoByteBuffer(c, at + v, ORDER);
    }

    private static void tile8x1(float[] pa, int a0, int k, float[] pb, int n, int col, ByteBuffer c, int at,
            int rowBytes, boolean accumulate) {
        FloatVector c0 = FloatVector.zero(LANES);
        FloatVector c1 = FloatVector.zero(LANES);
        FloatVector c2 = FloatVector.zero(LANES);
        FloatVector c3 = FloatVector.zero(LANES);
        FloatVector c4 = FloatVector.zero(LANES);
        FloatVector c5 = FloatVector.zero(LANES);
        FloatVector c6 = FloatVector.zero(LANES);
        FloatVector c7 = FloatVector.zero(LANES);
        for (int t = 0; t < k; t++) {
            FloatVector w = FloatVector.fromArray(LANES, pb, t * n + col);
            c0 = FloatVector.broadcast(LANES, pa[a0 + t]).fma(w, c0);
            c1 = FloatVector.broadcast(LANES, pa[a0 + k + t]).fma(w, c1);
            c2 = FloatVector.broadcast(LANES, pa[a0 + 2 * k + t]).fma(w, c2);
            c3 = FloatVector.broadcast(LANES, pa[a0 + 3 * k + t]).fma(w, c3);
            c4 = FloatVector.broadcast(LANES, pa[a0 + 4 * k + t]).fma(w, c4);
            c5 = FloatVector.broadcast(LANES, pa[a0 + 5 * k + t]).fma(w, c5);
            c6 = FloatVector.broadcast(LANES, pa[a0 + 6 * k + t]).fma(w, c6);
            c7 = FloatVector.broadcast(LANES, pa[a0 + 7 * k + t]).fma(w, c7);
        }
        out(c0, c, at, accumulate).intoByteBuffer(c, at, ORDER);
        out(c1, c, at + rowBytes, accumulate).intoByteBuffer(c, at + rowBytes, ORDER);
        out(c2, c, at + 2 * rowBytes, accumulate).intoByteBuffer(c, at + 2 * rowBytes, ORDER);
        out(c3, c, at + 3 * rowBytes, accumulate).intoByteBuffer(c, at + 3 * rowBytes, ORDER);
        out(c4, c, at + 4 * rowBytes, accumulate).intoByteBuffer(c, at + 4 * rowBytes, ORDER);
        out(c5, c, at + 5 * rowBytes, accumulate).intoByteBuffer(c, at + 5 * rowBytes, ORDER);
        out(c6, c, at + 6 * rowBytes, accumulate).intoByteBuffer(c, at + 6 * rowBytes, ORDER);
        out(c7, c, at + 7 * rowBytes, accumulate).intoByteBuffer(c, at + 7 * rowBytes, ORDER);
    }

    private static void tile1(float[] pa, int a0, int k, float[] pb, int n, int col, ByteBuffer c, int at,
            boolean accumulate) {
        FloatVector acc = FloatVector.zero(LANES);
        for (int t = 0; t < k; t++) {
            acc = FloatVector.broadcast(LANES, pa[a0 + t]).fma(FloatVector.fromArray(LANES, pb, t * n + col), acc);
        }
        out(acc, c, at, accumulate).intoByteBuffer(c, at, ORDER);
    }

    /**
     * c[k, n] = alpha a[m, k]^T d[m, n] (overwritten): the weight gradient of a layer, summed over its m output
     * rows in chunks copied to the heap; each chunk's tile sums go into float totals. n a multiple of {@link #STEP}.
     */
    static void multiplyTransA(FloatBuffer a, int aAt, FloatBuffer d, int dAt, ByteBuffer c, int cAt, int m, int k,
            int n, float alpha) {
        int chunk = Math.max(1, CHUNK_FLOATS / k);
        float[] pa = scratch(0, chunk * k);
        float[] pd = scratch(1, chunk * n);
        float[] total = scratch(2, k * n);
        java.util.Arrays.fill(total, 0, k * n, 0f);
        for (int r0 = 0; r0 < m; r0 += chunk) {
            int rows = Math.min(chunk, m - r0);
            a.get(aAt + r0 * k, pa, 0, rows * k);
            d.get(dAt + r0 * n, pd, 0, rows * n);
            int col = 0;
            for (; col + 2 * STEP <= n; col += 2 * STEP) {
                int i = 0;
                for (; i + 4 <= k; i += 4) {
                    sum4x2(pa, k, pd, n, rows, i, col, total);
                }
                for (; i < k; i++) {
                    sum1(pa, k, pd, n, rows, i, col, total);
                    sum1(pa, k, pd, n, rows, i, col + STEP, total);
                }
            }
            if (col < n) {
                int i = 0;
                for (; i + 8 <= k; i += 8) {
                    sum8x1(pa, k, pd, n, rows, i, col, total);
                }
                for (; i < k; i++) {
                    sum1(pa, k, pd, n, rows, i, col, total);
                }
            }
        }
        if (alpha != 1f) {
            for (int i = 0; i < k * n; i++) {
                total[i] *= alpha;
            }
        }
        FloatBuffer cf = c.asFloatBuffer();
        cf.put(cAt, total, 0, k * n);
    }

    private static void sum4x2(float[] pa, int k, float[] pd, int n, int rows, int i, int col, float[] total) {
        FloatVector c00 = FloatVector.zero(LANES);
        FloatVector c01 = FloatVector.zero(LANES);
        FloatVector c10 = FloatVector.zero(LANES);
        FloatVector c11 = FloatVector.zero(LANES);
        FloatVector c20 = FloatVector.zero(LANES);
        FloatVector c21 = FloatVector.zero(LANES);
        FloatVector c30 = FloatVector.zero(LANES);
        FloatVector c31 = FloatVector.zero(LANES);
        for (int r = 0; r < rows; r++) {
            int ar = r * k + i;
            int dr = r * n + col;
            FloatVector d0 = FloatVector.fromArray(LANES, pd, dr);
            FloatVector d1 = FloatVector.fromArray(LANES, pd, dr + STEP);
            FloatVector x = FloatVector.broadcast(LANES, pa[ar]);
            c00 = x.fma(d0, c00);
            c01 = x.fma(d1, c01);
            x = FloatVector.broadcast(LANES, pa[ar + 1]);
            c10 = x.fma(d0, c10);
            c11 = x.fma(d1, c11);
            x = FloatVector.broadcast(LANES, pa[ar + 2]);
            c20 = x.fma(d0, c20);
            c21 = x.fma(d1, c21);
            x = FloatVector.broadcast(LANES, pa[ar + 3]);
            c30 = x.fma(d0, c30);
            c31 = x.fma(d1, c31);
        }
        addInto(total, i * n + col, c00, c01);
        addInto(total, (i + 1) * n + col, c10, c11);
        addInto(total, (i + 2) * n + col, c20, c21);
        addInto(total, (i + 3) * n + col, c30, c31);
    }

    private static void sum8x1(float[] pa, int k, float[] pd, int n, int rows, int i, int col, float[] total) {
        FloatVector c0 = FloatVector.zero(LANES);
        FloatVector c1 = FloatVector.zero(LANES);
        FloatVector c2 = FloatVector.zero(LANES);
        FloatVector c3 = FloatVector.zero(LANES);
        FloatVector c4 = FloatVector.zero(LANES);
        FloatVector c5 = FloatVector.zero(LANES);
        FloatVector c6 = FloatVector.zero(LANES);
        FloatVector c7 = FloatVector.zero(LANES);
        for (int r = 0; r < rows; r++) {
            int ar = r * k + i;
            FloatVector dv = FloatVector.fromArray(LANES, pd, r * n + col);
            c0 = FloatVector.broadcast(LANES, pa[ar]).fma(dv, c0);
            c1 = FloatVector.broadcast(LANES, pa[ar + 1]).fma(dv, c1);
            c2 = FloatVector.broadcast(LANES, pa[ar + 2]).fma(dv, c2);
            c3 = FloatVector.broadcast(LANES, pa[ar + 3]).fma(dv, c3);
            c4 = FloatVector.broadcast(LANES, pa[ar + 4]).fma(dv, c4);
            c5 = FloatVector.broadcast(LANES, pa[ar + 5]).fma(dv, c5);
            c6 = FloatVector.broadcast(LANES, pa[ar + 6]).fma(dv, c6);
            c7 = FloatVector.broadcast(LANES, pa[ar + 7]).fma(dv, c7);
        }
        addInto(total, i * n + col, c0);
        addInto(total, (i + 1) * n + col, c1);
        addInto(total, (i + 2) * n + col, c2);
        addInto(total, (i + 3) * n + col, c3);
        addInto(total, (i + 4) * n + col, c4);
        addInto(total, (i + 5) * n + col, c5);
        addInto(total, (i + 6) * n + col, c6);
        addInto(total, (i + 7) * n + col, c7);
    }

    private static void addInto(float[] total, int at, FloatVector v) {
        FloatVector.fromArray(LANES, total, at).add(v).intoArray(total, at);
    }

    private static void addInto(float[] total, int at, FloatVector v0, FloatVector v1) {
        FloatVector.fromArray(LANES, total, at).add(v0).intoArray(total, at);
        FloatVector.fromArray(LANES, total, at + STEP).add(v1).intoArray(total, at + STEP);
    }

    private static void sum1(float[] pa, int k, float[] pd, int n, int rows, int i, int col, float[] total) {
        FloatVector acc = FloatVector.zero(LANES);
        for (int r = 0; r < rows; r++) {
            acc = FloatVector.broadcast(LANES, pa[r * k + i]).fma(FloatVector.fromArray(LANES, pd, r * n + col), acc);
        }
        FloatVector.fromArray(LANES, total, i * n + col).add(acc).intoArray(total, i * n + col);
    }
}
