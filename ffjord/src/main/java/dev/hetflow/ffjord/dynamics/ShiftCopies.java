package dev.hetflow.ffjord.dynamics;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The thin conv layers' tap gathers and their adjoint as Java loops: one bulk copy of the source out of native
 * memory, the 3x3 taps' row shifts in heap arrays, one bulk copy back. libnd4j's strided assigns took 1.0-1.7 ms per
 * gather of a 4-channel layer of cnf-step's net (9 column blocks of 9,248 x 4 floats), these loops about 0.5 ms
 * (thread CPU). Float arrays only ({@link #fits}); the heap scratch is the layer's, shared by its tapes, since
 * evaluations run one at a time.
 */
final class ShiftCopies {

    /** Heap scratch of one layer, grown to the largest tape it serves. */
    static final class Scratch {
        private float[] source = new float[0];
        private float[] columns = new float[0];

        float[] source(int length) {
            if (source.length < length) {
                source = new float[length];
            }
            return source;
        }

        float[] columns(int length) {
            if (columns.length < length) {
                columns = new float[length];
            }
            return columns;
        }
    }

    private ShiftCopies() {
    }

    /** Whether the arrays suit these loops: float, dense 'c' order, int-indexable, in host memory. */
    static boolean fits(INDArray... arrays) {
        if (!VectorSupport.HOST_MEMORY) {
            return false;
        }
        for (INDArray x : arrays) {
            if (x.dataType() != DataType.FLOAT || x.ordering() != 'c' || x.elementWiseStride() != 1
                    || x.offset() + x.length() >= Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** The per-tap row offsets times sign, in tap order 0..8. */
    private static int[] shifts(PaddedGrid grid, int sign) {
        int[] s = new int[PaddedGrid.TAPS];
        for (int tap = 0; tap < PaddedGrid.TAPS; tap++) {
            s[tap] = (int) (sign * grid.shift(tap));
        }
        return s;
    }

    /**
     * col[r, tap C + c] = src[r + sign shift(tap), c] for every pixel row r of src {@code [n, C]} into col
     * {@code [n, 9 C]}, 0 where the shifted row falls outside the tape (only border pixels read that far).
     */
    static Runnable gather(INDArray src, INDArray col, PaddedGrid grid, int sign, Scratch scratch) {
        return new Gather(src, col, shifts(grid, sign), scratch);
    }

    /**
     * The adjoint of {@link #gather} with sign -sign over the first {@code rows} pixel rows of dst {@code [., C]}:
     * dst[q, c] = sum_tap col[q - sign shift(tap), tap C + c] (col {@code [rows, 9 C]} or longer), terms outside
     * the rows left out (they only reach border pixels, whose values are garbage for every consumer anyway).
     */
    static Runnable scatter(INDArray col, INDArray dst, long rows, PaddedGrid grid, int sign, Scratch scratch) {
        return new Scatter(col, dst, (int) rows, shifts(grid, sign), scratch);
    }

    private static final class Gather implements Runnable {
        // the arrays are held because a buffer over native memory does not keep ND4J's memory alive
        private final INDArray src;
        private final INDArray col;
        private final FloatBuffer in;
        private final FloatBuffer out;
        private final int n;
        private final int c;
        private final int[] shift;
        private final Scratch scratch;

        Gather(INDArray src, INDArray col, int[] shift, Scratch scratch) {
            this.src = src;
            this.col = col;
            this.in = src.data().asNioFloat();
            this.out = col.data().asNioFloat();
            this.n = (int) src.rows();
            this.c = (int) src.columns();
            this.shift = shift;
            this.scratch = scratch;
        }

        @Override
        public void run() {
            int width = PaddedGrid.TAPS * c;
            float[] s = scratch.source(n * c);
            float[] d = scratch.columns(n * width);
            in.get((int) src.offset(), s, 0, n * c);
            for (int r = 0; r < n; r++) {
                int row = r * width;
                for (int tap = 0; tap < PaddedGrid.TAPS; tap++) {
                    int q = r + shift[tap];
                    if (q >= 0 && q < n) {
                        System.arraycopy(s, q * c, d, row + tap * c, c);
                    } else {
                        Arrays.fill(d, row + tap * c, row + (tap + 1) * c, 0f);
                    }
                }
            }
            out.put((int) col.offset(), d, 0, n * width);
        }
    }

    private static final class Scatter implements Runnable {
        private final INDArray col;
        private final INDArray dst;
        private final FloatBuffer in;
        private final FloatBuffer out;
        private final int n;
        private final int c;
        private final int[] shift;
        private final Scratch scratch;

        Scatter(INDArray col, INDArray dst, int n, int[] shift, Scratch scratch) {
            this.col = col;
            this.dst = dst;
            this.in = col.data().asNioFloat();
            this.out = dst.data().asNioFloat();
            this.n = n;
            this.c = (int) dst.columns();
            this.shift = shift;
            this.scratch = scratch;
        }

        @Override
        public void run() {
            int width = PaddedGrid.TAPS * c;
            float[] z = scratch.columns(n * width);
            float[] g = scratch.source(n * c);
            in.get((int) col.offset(), z, 0, n * width);
            Arrays.fill(g, 0, n * c, 0f);
            for (int r = 0; r < n; r++) {
                int row = r * width;
                for (int tap = 0; tap < PaddedGrid.TAPS; tap++) {
                    int q = r + shift[tap];
                    if (q >= 0 && q < n) {
                        int from = row + tap * c;
                        int to = q * c;
                        for (int k = 0; k < c; k++) {
                            g[to + k] += z[from + k];
                        }
                    }
                }
            }
            out.put((int) dst.offset(), g, 0, n * c);
        }
    }
}
