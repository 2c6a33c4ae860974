package dev.hetflow.ffjord.dynamics;

/**
 * Shifts an H x W image by a sub-pixel displacement (dx along x, dy along y), out(y, x) ~ in(y - dy, x - dx), with
 * periodic band-limited (Fourier) interpolation: along an axis of n samples the shift is the circulant kernel
 * c(m) = (1/n) [1 + 2 sum_{k=1}^{n/2-1} cos(2 pi k (m - d) / n) + cos(pi (m - d))], the real Dirichlet kernel, which is
 * the identity permutation for integer d and smooth in d. Separable: x first, then y. Also the exact reverse pass
 * (the input gradient is the transposed shift; the displacement gradients use dc/dd). Works on double arrays of
 * one image, row-major; owns scratch for one image at a time, so one instance per thread.
 */
public final class PeriodicShift {

    private final int height;
    private final int width;
    private final double[] cx;
    private final double[] cy;
    private final double[] dcx;
    private final double[] dcy;
    private final double[] alongX;
    private final double[] scratch;

    public PeriodicShift(int height, int width) {
        if (height < 2 || width < 2 || height % 2 != 0 || width % 2 != 0) {
            throw new IllegalArgumentException("a periodic shift needs even sides >= 2, got " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
        cx = new double[width];
        dcx = new double[width];
        cy = new double[height];
        dcy = new double[height];
        alongX = new double[height * width];
        scratch = new double[height * width];
    }

    /** The kernel c(m) = D_n(m - d) for m = 0..n-1 and its derivative dc/dd. */
    static void kernel(double d, double[] c, double[] dc) {
        int n = c.length;
        for (int m = 0; m < n; m++) {
            double phase = m - d;
            double value = 1;
            double slope = 0;
            for (int k = 1; k < n / 2; k++) {
                double w = 2 * Math.PI * k / n;
                value += 2 * Math.cos(w * phase);
                slope += 2 * w * Math.sin(w * phase);
            }
            value += Math.cos(Math.PI * phase);
            slope += Math.PI * Math.sin(Math.PI * phase);
            c[m] = value / n;
            dc[m] = slope / n;
        }
    }

    /** Sets the displacement for the following {@link #forward} / {@link #backward} calls. */
    public void displacement(double dx, double dy) {
        kernel(dx, cx, dcx);
        kernel(dy, cy, dcy);
    }

    /** out = shift(in); keeps in's x-shifted image for {@link #backward}. */
    public void forward(double[] in, int inOffset, double[] out, int outOffset) {
        convolveX(cx, in, inOffset, alongX);
        convolveY(cy, alongX, 0, out, outOffset);
    }

    /**
     * Reverse pass of the last {@link #forward}, given {@code in} again and g = dL/d(out): adds dL/d(in) into
     * {@code gradIn} (when not null) and returns {dL/ddx, dL/ddy}.
     */
    public double[] backward(double[] in, int inOffset, double[] g, int gOffset, double[] gradIn, int gradInOffset) {
        // dL/ddy = <g, shift_y'(alongX)>
        convolveY(dcy, alongX, 0, scratch, 0);
        double gy = dot(g, gOffset, scratch);
        // y-transposed gradient: gAlongX(j, x) = sum_y c_y(y - j) g(y, x)
        correlateY(cy, g, gOffset, scratch);
        // dL/ddx = <gAlongX, shift_x'(in)>
        double gx = 0;
        for (int j = 0; j < height; j++) {
            for (int x = 0; x < width; x++) {
                double s = 0;
                for (int i = 0; i < width; i++) {
                    s += dcx[Math.floorMod(x - i, width)] * in[inOffset + j * width + i];
                }
                gx += scratch[j * width + x] * s;
            }
        }
        if (gradIn != null) {
            for (int j = 0; j < height; j++) {
                for (int i = 0; i < width; i++) {
                    double s = 0;
                    for (int x = 0; x < width; x++) {
                        s += cx[Math.floorMod(x - i, width)] * scratch[j * width + x];
                    }
                    gradIn[gradInOffset + j * width + i] += s;
                }
            }
        }
        return new double[] {gx, gy};
    }

    private void convolveX(double[] c, double[] in, int inOffset, double[] out) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double s = 0;
                for (int i = 0; i < width; i++) {
                    s += c[Math.floorMod(x - i, width)] * in[inOffset + y * width + i];
                }
                out[y * width + x] = s;
            }
        }
    }

    private void convolveY(double[] c, double[] in, int inOffset, double[] out, int outOffset) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double s = 0;
                for (int j = 0; j < height; j++) {
                    s += c[Math.floorMod(y - j, height)] * in[inOffset + j * width + x];
                }
                out[outOffset + y * width + x] = s;
            }
        }
    }

    private void correlateY(double[] c, double[] g, int gOffset, double[] out) {
        for (int j = 0; j < height; j++) {
            for (int x = 0; x < width; x++) {
                double s = 0;
                for (int y = 0; y < height; y++) {
                    s += c[Math.floorMod(y - j, height)] * g[gOffset + y * width + x];
                }
                out[j * width + x] = s;
            }
        }
    }

    private double dot(double[] a, int offset, double[] b) {
        double s = 0;
        for (int i = 0; i < b.length; i++) {
            s += a[offset + i] * b[i];
        }
        return s;
    }
}
