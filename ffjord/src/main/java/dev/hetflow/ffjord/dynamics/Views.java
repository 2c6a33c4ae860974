package dev.hetflow.ffjord.dynamics;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Reshapes that must not copy: ops are bound to the result and must see the original buffer. */
final class Views {

    private Views() {
    }

    /** A 'c'-order view of a dense array with a new shape; throws if ND4J would have copied. */
    static INDArray reshape(INDArray dense, long... shape) {
        INDArray v = dense.reshape('c', shape);
        if (v.data().addressPointer().address() != dense.data().addressPointer().address()
                || v.offset() != dense.offset()) {
            throw new IllegalStateException("reshape of a non-dense array copied");
        }
        return v;
    }
}
