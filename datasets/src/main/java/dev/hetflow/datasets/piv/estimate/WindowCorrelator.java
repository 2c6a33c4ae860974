package dev.hetflow.datasets.piv.estimate;

/**
 * FFT cross-correlation of one interrogation window. The window {@code [x0, x0 + size)} of frame A is shifted back by
 * half the integer offset and its partner in frame B forward by the other half (central difference, discrete window
 * offset), both clipped to the frame. Means are removed, both windows are zero-padded to twice their size (a linear,
 * not circular, correlation) and each correlation value is divided by the number of overlapping pixels at its shift,
 * which removes the bias towards zero that the shrinking overlap otherwise gives large displacements.
 */
final class WindowCorrelator {

    private static final int MIN_WINDOW = 4;

    private WindowCorrelator() {
    }

    static Displacement correlate(double[] a, double[] b, int imgW, int imgH, int x0, int y0, int sizeX, int sizeY,
                                  int offX, int offY) {
        return correlate(a, b, imgW, imgH, x0, y0, sizeX, sizeY, offX, offY, Double.POSITIVE_INFINITY);
    }

    /**
     * As above, searching only displacements with |dx|, |dy| <= {@code limit} (window offset included). In such a
     * bounded search the highest value must also be a local maximum of the correlation plane (its 8 neighbours,
     * which may lie outside the range, are lower); otherwise the range holds no peak, only a flank of one outside
     * it, and the estimate is invalid.
     */
    static Displacement correlate(double[] a, double[] b, int imgW, int imgH, int x0, int y0, int sizeX, int sizeY,
                                  int offX, int offY, double limit) {
        int[] spanX = overlap(x0 - Math.floorDiv(offX, 2), offX, sizeX, imgW);
        int[] spanY = overlap(y0 - Math.floorDiv(offY, 2), offY, sizeY, imgH);
        if (spanX == null || spanY == null) {
            return Displacement.INVALID;
        }
        int ax = spanX[0];
        int bx = spanX[1];
        int lx = spanX[2];
        int ay = spanY[0];
        int by = spanY[1];
        int ly = spanY[2];
        int px = Fft.nextPowerOfTwo(2 * lx);
        int py = Fft.nextPowerOfTwo(2 * ly);
        double[] aRe = new double[px * py];
        double[] aIm = new double[px * py];
        double[] bRe = new double[px * py];
        double[] bIm = new double[px * py];
        double energyA = copyCentred(a, imgW, ax, ay, lx, ly, aRe, px);
        double energyB = copyCentred(b, imgW, bx, by, lx, ly, bRe, px);
        if (energyA <= 1e-9 || energyB <= 1e-9) {
            return Displacement.INVALID;
        }
        Fft.transform2d(aRe, aIm, py, px, false);
        Fft.transform2d(bRe, bIm, py, px, false);
        for (int i = 0; i < aRe.length; i++) {
            // conj(A) * B: its inverse is r(s) = sum_x a(x) b(x + s), peaking at the displacement s
            double re = aRe[i] * bRe[i] + aIm[i] * bIm[i];
            double im = aRe[i] * bIm[i] - aIm[i] * bRe[i];
            aRe[i] = re;
            aIm[i] = im;
        }
        Fft.transform2d(aRe, aIm, py, px, true);

        int reachX = lx / 2;
        int reachY = ly / 2;
        int w = 2 * reachX + 3; // the searched shifts plus a border of 1 for the peak fit
        int h = 2 * reachY + 3;
        double[] plane = new double[w * h];
        for (int j = 0; j < h; j++) {
            int sy = j - reachY - 1;
            for (int i = 0; i < w; i++) {
                int sx = i - reachX - 1;
                double raw = aRe[Math.floorMod(sy, py) * px + Math.floorMod(sx, px)];
                double pairs = (double) (lx - Math.abs(sx)) * (ly - Math.abs(sy));
                plane[j * w + i] = raw * lx * ly / pairs;
            }
        }
        boolean bounded = limit < Double.POSITIVE_INFINITY;
        int best = -1;
        for (int j = 1; j < h - 1; j++) {
            if (bounded && Math.abs(offY + j - reachY - 1) > limit) {
                continue;
            }
            for (int i = 1; i < w - 1; i++) {
                if (bounded && Math.abs(offX + i - reachX - 1) > limit) {
                    continue;
                }
                if (best < 0 || plane[j * w + i] > plane[best]) {
                    best = j * w + i;
                }
            }
        }
        if (best < 0) {
            return Displacement.INVALID;
        }
        int bi = best % w;
        int bj = best / w;
        double peak = plane[best];
        if (bounded && !isLocalMax(plane, w, bi, bj, peak)) {
            return Displacement.INVALID;
        }
        double second = secondPeak(plane, w, h, bi, bj);
        double subX = GaussianPeakFit.offset(plane[best - 1], peak, plane[best + 1]);
        double subY = GaussianPeakFit.offset(plane[best - w], peak, plane[best + w]);
        double dx = offX + (bi - reachX - 1) + subX;
        double dy = offY + (bj - reachY - 1) + subY;
        double rawPeak = aRe[Math.floorMod(bj - reachY - 1, py) * px + Math.floorMod(bi - reachX - 1, px)];
        double ratio = second > 0 ? peak / second : Double.POSITIVE_INFINITY;
        return new Displacement(dx, dy, ratio, rawPeak / Math.sqrt(energyA * energyB), true);
    }

    /**
     * Start in A, start in B and length of a window of {@code length} starting at {@code startA} in A and
     * {@code offset} further in B, trimmed so both lie inside {@code 0..extent}; null when too little remains.
     */
    private static int[] overlap(int startA, int offset, int length, int extent) {
        int startB = startA + offset;
        int cutLow = Math.max(0, Math.max(-startA, -startB));
        int cutHigh = Math.max(0, Math.max(startA + length - extent, startB + length - extent));
        int remaining = length - cutLow - cutHigh;
        if (remaining < MIN_WINDOW) {
            return null;
        }
        return new int[] {startA + cutLow, startB + cutLow, remaining};
    }

    /** Copies a window, minus its mean, into the top-left of a padded plane; returns its energy (sum of squares). */
    private static double copyCentred(double[] image, int imgW, int x0, int y0, int lx, int ly, double[] out, int px) {
        double sum = 0;
        for (int y = 0; y < ly; y++) {
            for (int x = 0; x < lx; x++) {
                sum += image[(y0 + y) * imgW + x0 + x];
            }
        }
        double mean = sum / (lx * ly);
        double energy = 0;
        for (int y = 0; y < ly; y++) {
            for (int x = 0; x < lx; x++) {
                double value = image[(y0 + y) * imgW + x0 + x] - mean;
                out[y * px + x] = value;
                energy += value * value;
            }
        }
        return energy;
    }

    /** The highest local maximum of the searched plane other than the peak at (bi, bj). */
    private static double secondPeak(double[] plane, int w, int h, int bi, int bj) {
        double second = 0;
        for (int j = 1; j < h - 1; j++) {
            for (int i = 1; i < w - 1; i++) {
                if (i == bi && j == bj) {
                    continue;
                }
                double value = plane[j * w + i];
                if (value > second && isLocalMax(plane, w, i, j, value)) {
                    second = value;
                }
            }
        }
        return second;
    }

    private static boolean isLocalMax(double[] plane, int w, int i, int j, double value) {
        for (int dj = -1; dj <= 1; dj++) {
            for (int di = -1; di <= 1; di++) {
                if ((di != 0 || dj != 0) && plane[(j + dj) * w + i + di] > value) {
                    return false;
                }
            }
        }
        return true;
    }
}
