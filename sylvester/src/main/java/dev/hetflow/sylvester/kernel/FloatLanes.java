package dev.hetflow.sylvester.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels' float loops over native buffers in SIMD lanes of the JDK's Vector API (16 floats on AVX-512), for
 * what libnd4j's ops or the buffers' bulk calls did one call per short run: range copies, adds and zeroing (im2col,
 * col2im, row moves; runs of 16-128 floats, where a bulk buffer call's fixed cost was most of the time), bias plus
 * ELU in one pass (the JIT compiles expm1 to a vectorized math routine) and ELU's gradient with the bias gradient in
 * one pass. Buffers are little-endian byte views of whole arrays, indexed in floats. Loaded only when
 * {@link VectorSupport#AVAILABLE}.
 */
final class FloatLanes {

    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
    private static final int STEP = LANES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Rows summed in float before a bias gradient's partial sums go into its double accumulator. */
    private static final int BLOCK_ROWS = 64;

    private FloatLanes() {
    }

    /** dst[dstAt .. dstAt + n) = src[at .. at + n). */
    static void copy(ByteBuffer src, int at, ByteBuffer dst, int dstAt, int n) {
        int k = 0;
        for (; k <= n - STEP; k += STEP) {
            FloatVector.fromByteBuffer(LANES, src, (at + k) * Float.BYTES, ORDER)
                    .intoByteBuffer(dst, (dstAt + k) * Float.BYTES, ORDER);
        }
        for (; k < n; k++) {
            dst.putFloat((dstAt + k) * Float.BYTES, src.getFloat((at + k) * Float.BYTES));
        }
    }

    /** dst[dstAt .. dstAt + n) += src[at .. at + n). */
    static void add(ByteBuffer src, int at, ByteBuffer dst, int dstAt, int n) {
        int k = 0;
        for (; k <= n - STEP; k += STEP) {
            int d = (dstAt + k) * Float.BYTES;
            FloatVector.fromByteBuffer(LANES, dst, d, ORDER)
                    .add(FloatVector.fromByteBuffer(LANES, src, (at + k) * Float.BYTES, ORDER))
                    .intoByteBuffer(dst, d, ORDER);
        }
        for (; k < n; k++) {
            int d = (dstAt + k) * Float.BYTES;
            dst.putFloat(d, dst.getFloat(d) + src.getFloat((at + k) * Float.BYTES));
        }
    }

    /** b[at .. at + n) = 0. */
    static void zero(ByteBuffer b, int at, int n) {
        FloatVector zero = FloatVector.zero(LANES);
        int k = 0;
        for (; k <= n - STEP; k += STEP) {
            zero.intoByteBuffer(b, (at + k) * Float.BYTES, ORDER);
        }
        for (; k < n; k++) {
            b.putFloat((at + k) * Float.BYTES, 0f);
        }
    }

    /**
     * a[r, c] = elu(a[r, c] + bias[c]) in place on [rows, cols], bias null for none: relu(x) + expm1(min(x, 0)),
     * the same composition as {@link Elu}'s libnd4j ops (exactly x where x > 0).
     */
    static void biasElu(ByteBuffer a, int rows, int cols, float[] bias) {
        int vectorEnd = cols - cols % STEP;
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int j = 0; j < vectorEnd; j += STEP) {
                int at = (row + j) * Float.BYTES;
                FloatVector x = FloatVector.fromByteBuffer(LANES, a, at, ORDER);
                if (bias != null) {
                    x = x.add(FloatVector.fromArray(LANES, bias, j));
                }
                x.max(0f).add(x.min(0f).lanewise(VectorOperators.EXPM1)).intoByteBuffer(a, at, ORDER);
            }
            for (int j = vectorEnd; j < cols; j++) {
                int at = (row + j) * Float.BYTES;
                float x = a.getFloat(at) + (bias == null ? 0f : bias[j]);
                a.putFloat(at, x > 0 ? x : (float) Math.expm1(x));
            }
        }
    }

    /**
     * g = g elu'(a) in place, read off the output: elu'(a) = min(out, 0) + 1; and, when biasSum is not null, its
     * [cols] entries become the column sums of the new g (float partial sums over {@value #BLOCK_ROWS} rows,
     * added up in double).
     */
    static void eluGradient(ByteBuffer out, ByteBuffer g, int rows, int cols, double[] biasSum) {
        int vectorEnd = cols - cols % STEP;
        float[] partial = biasSum == null ? null : new float[cols];
        if (biasSum != null) {
            java.util.Arrays.fill(biasSum, 0.0);
        }
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int j = 0; j < vectorEnd; j += STEP) {
                int at = (row + j) * Float.BYTES;
                FloatVector slope = FloatVector.fromByteBuffer(LANES, out, at, ORDER).min(0f).add(1f);
                FloatVector v = FloatVector.fromByteBuffer(LANES, g, at, ORDER).mul(slope);
                v.intoByteBuffer(g, at, ORDER);
                if (partial != null) {
                    FloatVector.fromArray(LANES, partial, j).add(v).intoArray(partial, j);
                }
            }
            for (int j = vectorEnd; j < cols; j++) {
                int at = (row + j) * Float.BYTES;
                float v = g.getFloat(at) * (Math.min(out.getFloat(at), 0f) + 1f);
                g.putFloat(at, v);
                if (partial != null) {
                    partial[j] += v;
                }
            }
            if (partial != null && ((r + 1) % BLOCK_ROWS == 0 || r == rows - 1)) {
                for (int j = 0; j < cols; j++) {
                    biasSum[j] += partial[j];
                    partial[j] = 0f;
                }
            }
        }
    }
}
