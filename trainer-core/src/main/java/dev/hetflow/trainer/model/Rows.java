package dev.hetflow.trainer.model;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Samples as Java rows and as one {@code [N, D]} array. */
final class Rows {

    private Rows() {
    }

    /** Equal-length rows stacked into {@code [N, D]}. */
    static INDArray of(float[][] rows) {
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 " + d);
            }
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return Nd4j.createFromArray(flat).reshape('c', rows.length, d);
    }

    /** The first axis as rows, everything else flattened (C order). */
    static float[][] split(INDArray a) {
        int n = (int) a.size(0);
        float[] flat = a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').ravel().toFloatVector();
        int d = flat.length / n;
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return out;
    }
}
