package dev.hetflow.ffjord.dynamics;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Row-block views of stacked [(1 + K) B, ...] arrays. */
public final class Rows {

    private Rows() {
    }

    /** Rows [from, to) of a 2-D array, as a view. */
    public static INDArray slice(INDArray a, long from, long to) {
        if (from < 0 || to > a.rows() || from >= to) {
            throw new IllegalArgumentException("row range [" + from + ", " + to + ") outside [0, " + a.rows() + ")");
        }
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /** Block k (0 = primal) of {@code batch} rows. */
    public static INDArray block(INDArray a, int k, int batch) {
        return slice(a, (long) k * batch, (long) (k + 1) * batch);
    }
}
