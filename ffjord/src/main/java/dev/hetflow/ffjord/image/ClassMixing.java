package dev.hetflow.ffjord.image;

import dev.hetflow.ffjord.params.ParameterInit;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The full-covariance part of {@link ClassExpansion}: per class k a strictly lower-triangular A_k that regresses
 * each centred pixel on the pixels before it,
 *
 * <pre>
 *   e = (I - A_k) r,   r = x - mu_k
 * </pre>
 *
 * a unit lower-triangular map (log|det| = 0), so Sigma_k = (I - A_k)^-1 D_k^2 (I - A_k)^-T with the layer's diagonal
 * scales D_k: the Cholesky factor of the precision, as in a linear Gaussian autoregression. Parameter
 * {@code <prefix>.mixing} [K, D D], zero at start (the diagonal Gaussian); entries on and above the diagonal are
 * unused and get no gradient.
 */
final class ClassMixing {

    private final int classes;
    private final int dim;
    private final ParameterSlot slot;

    ClassMixing(int classes, int dim, ParameterStore.Builder params, String prefix) {
        if (dim > ClassCovariance.MAX_FULL_DIM) {
            throw new IllegalArgumentException("a full class covariance holds K D^2 weights: refused for " + dim
                    + " image dimensions (at most " + ClassCovariance.MAX_FULL_DIM + "); use DIAGONAL");
        }
        this.classes = classes;
        this.dim = dim;
        this.slot = params.add(prefix + ".mixing", ParameterInit.zeros(), classes, (long) dim * dim);
    }

    /** A_k for every class, flat [K][D][D] row-major. */
    double[] weights(ParameterStore store) {
        return store.value(slot).castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** e = (I - A_k) r for one row: {@code r} and {@code e} from their offsets, D values each. */
    void whiten(double[] a, int k, double[] r, int ro, double[] e, int eo) {
        int base = k * dim * dim;
        for (int j = 0; j < dim; j++) {
            double s = r[ro + j];
            int row = base + j * dim;
            for (int i = 0; i < j; i++) {
                s -= a[row + i] * r[ro + i];
            }
            e[eo + j] = s;
        }
    }

    /** r = (I - A_k)^-1 e by forward substitution, r_j = e_j + sum_{i<j} A_k[j][i] r_i. */
    void color(double[] a, int k, double[] e, int eo, double[] r, int ro) {
        int base = k * dim * dim;
        for (int j = 0; j < dim; j++) {
            double s = e[eo + j];
            int row = base + j * dim;
            for (int i = 0; i < j; i++) {
                s += a[row + i] * r[ro + i];
            }
            r[ro + j] = s;
        }
    }

    /**
     * The reverse pass of {@link #whiten} for one row: adds dL/dA_k = -ge r^T (strictly lower part) to {@code gA}
     * and writes dL/dr = (I - A_k)^T ge into {@code gr}.
     */
    void backward(double[] a, int k, double[] r, int ro, double[] ge, int go, double[] gA, double[] gr, int gro) {
        int base = k * dim * dim;
        for (int i = 0; i < dim; i++) {
            gr[gro + i] = ge[go + i];
        }
        for (int j = 1; j < dim; j++) {
            double gj = ge[go + j];
            if (gj == 0) {
                continue;
            }
            int row = base + j * dim;
            for (int i = 0; i < j; i++) {
                gA[row + i] -= gj * r[ro + i];
                gr[gro + i] -= a[row + i] * gj;
            }
        }
    }

    /** (I - A_k)^-1 for every class, [K][D][D] row-major, as the exported decoder multiplies by it. */
    double[] inverses(ParameterStore store) {
        double[] a = weights(store);
        double[] out = new double[classes * dim * dim];
        double[] unit = new double[dim];
        double[] column = new double[dim];
        for (int k = 0; k < classes; k++) {
            for (int c = 0; c < dim; c++) {
                java.util.Arrays.fill(unit, 0);
                unit[c] = 1;
                color(a, k, unit, 0, column, 0);
                for (int j = 0; j < dim; j++) {
                    out[k * dim * dim + j * dim + c] = column[j];
                }
            }
        }
        return out;
    }

    /** I - A_k for every class, [K][D][D] row-major, strictly lower part of A_k only. */
    double[] whitenings(ParameterStore store) {
        double[] a = weights(store);
        double[] out = new double[a.length];
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < dim; j++) {
                int row = k * dim * dim + j * dim;
                for (int i = 0; i < j; i++) {
                    out[row + i] = -a[row + i];
                }
                out[row + j] = 1;
            }
        }
        return out;
    }

    /** Adds the accumulated dL/dA to the store's gradient slot. */
    void addGradient(ParameterStore store, double[] gA) {
        INDArray target = store.gradient(slot);
        target.addi(Nd4j.create(gA, target.shape(), 'c').castTo(target.dataType()));
    }

    int classes() {
        return classes;
    }

    int dim() {
        return dim;
    }
}
