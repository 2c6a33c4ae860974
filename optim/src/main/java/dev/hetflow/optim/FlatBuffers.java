package dev.hetflow.optim;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Direct NIO views of an INDArray's own native elements, for arrays laid out flat in C order. */
final class FlatBuffers {

    private FlatBuffers() {
    }

    /**
     * True when element i of the array's C-order flattening sits i elements after its first element: every
     * dimension longer than 1 has the stride of a dense C-order array (views into a flat store qualify; transposes
     * and column slices do not).
     */
    static boolean denseInCOrder(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] > 1) {
                if (stride[d] != expected) {
                    return false;
                }
                expected *= shape[d];
            }
        }
        return true;
    }

    /** The array's elements, C order; writes go to the array. The array must be float32 and dense in C order. */
    static FloatBuffer floats(INDArray a) {
        int n = Math.toIntExact(a.length());
        // addressPointer is the address of the array's first element (its buffer's offset included)
        FloatPointer p = new FloatPointer(a.data().addressPointer());
        return p.position(0).limit(n).capacity(n).asBuffer();
    }

    /** As {@link #floats}, for float64 arrays. */
    static DoubleBuffer doubles(INDArray a) {
        int n = Math.toIntExact(a.length());
        DoublePointer p = new DoublePointer(a.data().addressPointer());
        return p.position(0).limit(n).capacity(n).asBuffer();
    }
}
