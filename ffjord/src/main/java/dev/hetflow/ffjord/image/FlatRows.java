package dev.hetflow.ffjord.image;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The closed-form layers' row arithmetic: {@code [B, D]} arrays to flat doubles and back, and plane means. */
final class FlatRows {

    private FlatRows() {
    }

    /** The rows of {@code a} as one flat double array; refuses anything but {@code [B, dim]} with {@code what}. */
    static double[] read(INDArray a, int dim, String what) {
        if (a.rank() != 2 || a.columns() != dim) {
            throw new IllegalArgumentException("expected [B, " + dim + "] " + what + ", got "
                    + java.util.Arrays.toString(a.shape()));
        }
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** {@code values} as {@code [rows, dim]} of {@code type}. */
    static INDArray of(double[] values, int rows, int dim, DataType type) {
        return Nd4j.create(values, new long[] {rows, dim}, 'c').castTo(type);
    }

    /** Mean of {@code n} values from {@code offset}: a label plane's mean. */
    static double mean(double[] z, int offset, int n) {
        double s = 0;
        for (int p = 0; p < n; p++) {
            s += z[offset + p];
        }
        return s / n;
    }
}
