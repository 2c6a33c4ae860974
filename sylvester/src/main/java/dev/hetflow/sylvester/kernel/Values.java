package dev.hetflow.sylvester.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element access to a dense, C-ordered ND4J array from Java loops, through the native buffer (no copy). Values are
 * read and written as doubles; range copies and adds run typed loops, for floats in SIMD lanes where the JVM has the
 * Vector API ({@link FloatLanes}; the kernels' runs are 16-128 floats, where a bulk buffer call's fixed cost was most
 * of the time: with the lanes and merged runs the plain VAE's col2im went from 14.1 to 5.3 ms per step). Only whole
 * arrays (offset 0) are wrapped, so index i is the array's i-th element in C order. Not thread-safe (the buffer views
 * are shared).
 */
public abstract sealed class Values permits Values.Floats, Values.Doubles {

    /** Runs at least this long are copied with one bulk buffer copy (a memcpy) rather than element by element. */
    private static final int BULK = 8;
    /** Longest run {@link #addTo} adds through heap scratch. */
    private static final int RUN = 256;
    /** Runs at least this long are copied with a bulk buffer copy (a memcpy) even where the lanes are on. */
    private static final int LANE_RUN = 1024;

    /** Wraps a FLOAT or DOUBLE array that is C-ordered, contiguous and starts at its buffer's first element. */
    public static Values of(INDArray a) {
        return of(a, VectorSupport.AVAILABLE);
    }

    /** As {@link #of(INDArray)}; lanes false keeps floats off {@link FloatLanes} (the path without the module). */
    static Values of(INDArray a, boolean lanes) {
        if (a.offset() != 0 || a.ordering() != 'c' || a.elementWiseStride() != 1 || a.data().length() != a.length()) {
            throw new IllegalArgumentException("need a whole dense C-ordered array, got offset " + a.offset()
                    + ", order " + a.ordering() + ", shape " + java.util.Arrays.toString(a.shape()));
        }
        if (a.dataType() == DataType.FLOAT) {
            boolean fits = lanes && a.length() * Float.BYTES < Integer.MAX_VALUE;
            return new Floats(a.data().asNioFloat(), fits ? a.data().asNio().order(ByteOrder.nativeOrder()) : null);
        }
        if (a.dataType() == DataType.DOUBLE) {
            return new Doubles(a.data().asNioDouble());
        }
        throw new IllegalArgumentException("need FLOAT or DOUBLE, got " + a.dataType());
    }

    public abstract double get(int i);

    public abstract void set(int i, double v);

    public final void add(int i, double v) {
        set(i, get(i) + v);
    }

    /** dst[dstAt .. dstAt + n) = this[at .. at + n); dst of the same type. */
    public abstract void copyTo(int at, Values dst, int dstAt, int n);

    /** dst[dstAt .. dstAt + n) += this[at .. at + n); dst of the same type. */
    public abstract void addTo(int at, Values dst, int dstAt, int n);

    /** this[at .. at + n) = 0. */
    public abstract void zero(int at, int n);

    /** dst[0 .. n) = this[at .. at + n), widened to double (one bulk read for floats). */
    public abstract void read(int at, double[] dst, int n);

    /** this[at .. at + n) = src[0 .. n) (one bulk write for floats). */
    public abstract void write(int at, double[] src, int n);

    static final class Floats extends Values {
        private final FloatBuffer b;
        /** The same memory as b, as bytes for {@link FloatLanes}; null where the lanes are off. */
        private final ByteBuffer bytes;
        private float[] runA;
        private float[] runB;
        private float[] wide = new float[0];

        Floats(FloatBuffer b, ByteBuffer bytes) {
            this.b = b;
            this.bytes = bytes;
        }

        @Override
        public double get(int i) {
            return b.get(i);
        }

        @Override
        public void set(int i, double v) {
            b.put(i, (float) v);
        }

        @Override
        public void copyTo(int at, Values dst, int dstAt, int n) {
            Floats f = (Floats) dst;
            if (bytes != null && f.bytes != null && n < LANE_RUN) {
                FloatLanes.copy(bytes, at, f.bytes, dstAt, n);
                return;
            }
            FloatBuffer d = f.b;
            if (n >= BULK) {
                d.put(dstAt, b, at, n);
                return;
            }
            for (int k = 0; k < n; k++) {
                d.put(dstAt + k, b.get(at + k));
            }
        }

        @Override
        public void addTo(int at, Values dst, int dstAt, int n) {
            Floats f = (Floats) dst;
            if (bytes != null && f.bytes != null) {
                FloatLanes.add(bytes, at, f.bytes, dstAt, n);
                return;
            }
            FloatBuffer d = f.b;
            if (n >= BULK && n <= RUN) {
                if (runA == null) {
                    runA = new float[RUN];
                    runB = new float[RUN];
                }
                // two bulk reads, a heap loop, one bulk write: a third of the element-wise buffer accesses' time
                b.get(at, runA, 0, n);
                d.get(dstAt, runB, 0, n);
                for (int k = 0; k < n; k++) {
                    runB[k] += runA[k];
                }
                d.put(dstAt, runB, 0, n);
                return;
            }
            for (int k = 0; k < n; k++) {
                d.put(dstAt + k, d.get(dstAt + k) + b.get(at + k));
            }
        }

        @Override
        public void zero(int at, int n) {
            if (bytes != null) {
                FloatLanes.zero(bytes, at, n);
                return;
            }
            for (int k = 0; k < n; k++) {
                b.put(at + k, 0f);
            }
        }

        @Override
        public void read(int at, double[] dst, int n) {
            float[] run = scratch(n);
            b.get(at, run, 0, n);
            for (int k = 0; k < n; k++) {
                dst[k] = run[k];
            }
        }

        @Override
        public void write(int at, double[] src, int n) {
            float[] run = scratch(n);
            for (int k = 0; k < n; k++) {
                run[k] = (float) src[k];
            }
            b.put(at, run, 0, n);
        }

        private float[] scratch(int n) {
            if (wide.length < n) {
                wide = new float[n];
            }
            return wide;
        }
    }

    static final class Doubles extends Values {
        private final DoubleBuffer b;

        Doubles(DoubleBuffer b) {
            this.b = b;
        }

        @Override
        public double get(int i) {
            return b.get(i);
        }

        @Override
        public void set(int i, double v) {
            b.put(i, v);
        }

        @Override
        public void copyTo(int at, Values dst, int dstAt, int n) {
            DoubleBuffer d = ((Doubles) dst).b;
            if (n >= BULK) {
                d.put(dstAt, b, at, n);
                return;
            }
            for (int k = 0; k < n; k++) {
                d.put(dstAt + k, b.get(at + k));
            }
        }

        @Override
        public void addTo(int at, Values dst, int dstAt, int n) {
            DoubleBuffer d = ((Doubles) dst).b;
            for (int k = 0; k < n; k++) {
                d.put(dstAt + k, d.get(dstAt + k) + b.get(at + k));
            }
        }

        @Override
        public void zero(int at, int n) {
            for (int k = 0; k < n; k++) {
                b.put(at + k, 0.0);
            }
        }

        @Override
        public void read(int at, double[] dst, int n) {
            b.get(at, dst, 0, n);
        }

        @Override
        public void write(int at, double[] src, int n) {
            b.put(at, src, 0, n);
        }
    }
}
