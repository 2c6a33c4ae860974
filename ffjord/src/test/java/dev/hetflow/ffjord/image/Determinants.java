package dev.hetflow.ffjord.image;

/** log|det| of a dense matrix, for checking a layer's log-determinant against its finite-difference Jacobian. */
final class Determinants {

    private Determinants() {
    }

    /** log|det a| by LU with partial pivoting; {@code a} is overwritten. */
    static double logAbsDet(double[][] a) {
        int n = a.length;
        double s = 0;
        for (int k = 0; k < n; k++) {
            int pivot = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(a[i][k]) > Math.abs(a[pivot][k])) {
                    pivot = i;
                }
            }
            double[] t = a[k];
            a[k] = a[pivot];
            a[pivot] = t;
            s += Math.log(Math.abs(a[k][k]));
            for (int i = k + 1; i < n; i++) {
                double f = a[i][k] / a[k][k];
                for (int j = k; j < n; j++) {
                    a[i][j] -= f * a[k][j];
                }
            }
        }
        return s;
    }
}
