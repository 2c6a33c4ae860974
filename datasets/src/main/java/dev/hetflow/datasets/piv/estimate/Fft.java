package dev.hetflow.datasets.piv.estimate;

/** In-place iterative radix-2 complex FFT, 1-D and 2-D (row-major), for power-of-two sizes. */
final class Fft {

    private Fft() {
    }

    static int nextPowerOfTwo(int n) {
        int p = 1;
        while (p < n) {
            p <<= 1;
        }
        return p;
    }

    /** 2-D transform of a rows x cols array; {@code inverse} includes the 1/(rows cols) scaling. */
    static void transform2d(double[] re, double[] im, int rows, int cols, boolean inverse) {
        double[] rowRe = new double[cols];
        double[] rowIm = new double[cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(re, r * cols, rowRe, 0, cols);
            System.arraycopy(im, r * cols, rowIm, 0, cols);
            transform(rowRe, rowIm, inverse);
            System.arraycopy(rowRe, 0, re, r * cols, cols);
            System.arraycopy(rowIm, 0, im, r * cols, cols);
        }
        double[] colRe = new double[rows];
        double[] colIm = new double[rows];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                colRe[r] = re[r * cols + c];
                colIm[r] = im[r * cols + c];
            }
            transform(colRe, colIm, inverse);
            for (int r = 0; r < rows; r++) {
                re[r * cols + c] = colRe[r];
                im[r * cols + c] = colIm[r];
            }
        }
        if (inverse) {
            double scale = 1.0 / ((double) rows * cols);
            for (int i = 0; i < re.length; i++) {
                re[i] *= scale;
                im[i] *= scale;
            }
        }
    }

    /** 1-D transform, unscaled in both directions. */
    static void transform(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two, got " + n);
        }
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double angle = 2 * Math.PI / len * (inverse ? 1 : -1);
            double wRe = Math.cos(angle);
            double wIm = Math.sin(angle);
            for (int start = 0; start < n; start += len) {
                double curRe = 1;
                double curIm = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = start + k;
                    int b = a + len / 2;
                    double tRe = re[b] * curRe - im[b] * curIm;
                    double tIm = re[b] * curIm + im[b] * curRe;
                    re[b] = re[a] - tRe;
                    im[b] = im[a] - tIm;
                    re[a] += tRe;
                    im[a] += tIm;
                    double nextRe = curRe * wRe - curIm * wIm;
                    curIm = curRe * wIm + curIm * wRe;
                    curRe = nextRe;
                }
            }
        }
    }
}
