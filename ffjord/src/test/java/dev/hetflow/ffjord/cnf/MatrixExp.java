package dev.hetflow.ffjord.cnf;

/** e^{A t} by scaling and squaring of a Taylor series, in double precision, for small test matrices. */
final class MatrixExp {

    private MatrixExp() {
    }

    static double[][] exp(double[][] a, double t) {
        int n = a.length;
        int squarings = 10;
        double s = t / (1 << squarings);
        double[][] term = identity(n);
        double[][] sum = identity(n);
        for (int k = 1; k <= 20; k++) {
            term = scale(multiply(term, a), s / k);
            sum = add(sum, term);
        }
        for (int i = 0; i < squarings; i++) {
            sum = multiply(sum, sum);
        }
        return sum;
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    m[i][j] += x[i][k] * y[k][j];
                }
            }
        }
        return m;
    }

    private static double[][] scale(double[][] x, double c) {
        double[][] m = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            m[i] = x[i].clone();
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] *= c;
            }
        }
        return m;
    }

    private static double[][] add(double[][] x, double[][] y) {
        double[][] m = new double[x.length][x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                m[i][j] = x[i][j] + y[i][j];
            }
        }
        return m;
    }
}
