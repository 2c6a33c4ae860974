package dev.hetflow.experiments.fidelity;

/**
 * The baseline's PIV labeller: one displacement per pair by the gradient (Lucas-Kanade) method, coarse to fine.
 * Both frames are smoothed with a Gaussian of decreasing width (3, 1.5, 0.75 px); at each width the displacement d is
 * refined by Gauss-Newton steps on sum (B(x + d) - A(x))^2 with B sampled bilinearly. A different principle from the
 * cross-correlation estimator that judges label fidelity, so that judging the baseline with it means something.
 */
public final class GradientFlowEstimator {

    private static final double[] SIGMAS = {3.0, 1.5, 0.75};
    private static final int ITERATIONS = 8;

    private GradientFlowEstimator() {
    }

    /** {dx, dy} in px from frame A to frame B (row-major, any grey scale), NaN when the frames have no texture. */
    public static double[] estimate(double[] a, double[] b, int w, int h) {
        double dx = 0;
        double dy = 0;
        for (double sigma : SIGMAS) {
            double[] sa = blur(a, w, h, sigma);
            double[] sb = blur(b, w, h, sigma);
            for (int it = 0; it < ITERATIONS; it++) {
                int margin = (int) Math.ceil(Math.max(Math.abs(dx), Math.abs(dy))) + 2;
                double gxx = 0;
                double gxy = 0;
                double gyy = 0;
                double bx = 0;
                double by = 0;
                for (int y = margin; y < h - margin; y++) {
                    for (int x = margin; x < w - margin; x++) {
                        double warped = bilinear(sb, w, h, x + dx, y + dy);
                        double ix = (bilinear(sb, w, h, x + dx + 1, y + dy) - bilinear(sb, w, h, x + dx - 1, y + dy))
                                / 2;
                        double iy = (bilinear(sb, w, h, x + dx, y + dy + 1) - bilinear(sb, w, h, x + dx, y + dy - 1))
                                / 2;
                        double r = warped - sa[y * w + x];
                        gxx += ix * ix;
                        gxy += ix * iy;
                        gyy += iy * iy;
                        bx += ix * r;
                        by += iy * r;
                    }
                }
                double det = gxx * gyy - gxy * gxy;
                if (!(Math.abs(det) > 1e-12 * Math.max(1, gxx * gyy))) {
                    return new double[] {Double.NaN, Double.NaN};
                }
                double stepX = -(gyy * bx - gxy * by) / det;
                double stepY = -(gxx * by - gxy * bx) / det;
                dx += stepX;
                dy += stepY;
                if (Math.abs(dx) > w / 2.0 || Math.abs(dy) > h / 2.0) {
                    return new double[] {Double.NaN, Double.NaN};
                }
                if (Math.hypot(stepX, stepY) < 1e-3) {
                    break;
                }
            }
        }
        return new double[] {dx, dy};
    }

    static double bilinear(double[] f, int w, int h, double x, double y) {
        double cx = Math.max(0, Math.min(w - 1.000001, x));
        double cy = Math.max(0, Math.min(h - 1.000001, y));
        int x0 = (int) Math.floor(cx);
        int y0 = (int) Math.floor(cy);
        double fx = cx - x0;
        double fy = cy - y0;
        double top = f[y0 * w + x0] * (1 - fx) + f[y0 * w + x0 + 1] * fx;
        double bottom = f[(y0 + 1) * w + x0] * (1 - fx) + f[(y0 + 1) * w + x0 + 1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    static double[] blur(double[] f, int w, int h, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        double[] rows = new double[f.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int k = -radius; k <= radius; k++) {
                    s += kernel[k + radius] * f[y * w + Math.max(0, Math.min(w - 1, x + k))];
                }
                rows[y * w + x] = s;
            }
        }
        double[] out = new double[f.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int k = -radius; k <= radius; k++) {
                    s += kernel[k + radius] * rows[Math.max(0, Math.min(h - 1, y + k)) * w + x];
                }
                out[y * w + x] = s;
            }
        }
        return out;
    }
}
