package dev.hetflow.sylvester.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A dense C-ordered array and its element view, for arrays both GEMMs and Java loops touch. */
public record Buffer(INDArray array, Values values) {

    public static Buffer of(INDArray array) {
        return new Buffer(array, Values.of(array));
    }
}
