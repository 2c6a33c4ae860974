package dev.hetflow.sylvester.kernel;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Owns the native arrays of one batch size's buffers and frees them together, deterministically, on
 * {@link #close()} (a new batch size or the model's end), instead of waiting for ND4J's garbage-driven deallocator.
 */
public final class Arena implements AutoCloseable {

    private final DataType type;
    private final List<INDArray> owned = new ArrayList<>();

    public Arena(DataType type) {
        this.type = type;
    }

    /** A zeroed dense array of the arena's type. */
    public Buffer create(long... shape) {
        INDArray a = Nd4j.create(type, shape);
        owned.add(a);
        return Buffer.of(a);
    }

    /** A [1, n] row of ones (sums over rows as GEMMs). */
    public INDArray ones(long n) {
        INDArray a = Nd4j.ones(type, 1, n);
        owned.add(a);
        return a;
    }

    public DataType type() {
        return type;
    }

    @Override
    public void close() {
        for (INDArray a : owned) {
            if (a.closeable()) {
                a.close();
            }
        }
        owned.clear();
    }
}
