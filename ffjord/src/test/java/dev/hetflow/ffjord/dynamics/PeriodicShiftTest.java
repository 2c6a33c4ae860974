package dev.hetflow.ffjord.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The band-limited periodic shift against exact results and its reverse pass against central differences. */
class PeriodicShiftTest {

    private static final int H = 4;
    private static final int W = 6;

    private static double[] random(Random rng, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextGaussian();
        }
        return a;
    }

    @Test
    void anIntegerShiftIsTheCyclicPermutation() {
        double[] in = random(new Random(1), H * W);
        double[] out = new double[H * W];
        PeriodicShift s = new PeriodicShift(H, W);
        s.displacement(1, -2);
        s.forward(in, 0, out, 0);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                // out(y, x) = in(y - dy, x - dx); the kernel sums cosines, so exact up to rounding (1e-12)
                assertEquals(in[Math.floorMod(y + 2, H) * W + Math.floorMod(x - 1, W)], out[y * W + x], 1e-12);
            }
        }
    }

    @Test
    void aBandLimitedImageShiftsExactlyBySubPixels() {
        // cos(2 pi (x / W + 2 y / H)) lies below the Nyquist frequency on both axes: its shift is exact
        double[] in = new double[H * W];
        double dx = 0.3;
        double dy = -0.45;
        double[] expected = new double[H * W];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                in[y * W + x] = Math.cos(2 * Math.PI * (x / (double) W + y / (double) H));
                expected[y * W + x] = Math.cos(2 * Math.PI * ((x - dx) / W + (y - dy) / H));
            }
        }
        double[] out = new double[H * W];
        PeriodicShift s = new PeriodicShift(H, W);
        s.displacement(dx, dy);
        s.forward(in, 0, out, 0);
        for (int i = 0; i < H * W; i++) {
            assertEquals(expected[i], out[i], 1e-12, "pixel " + i);
        }
    }

    @Test
    void backwardMatchesCentralDifferences() {
        Random rng = new Random(2);
        double[] in = random(rng, H * W);
        double[] g = random(rng, H * W);
        double dx = 0.37;
        double dy = -1.21;
        PeriodicShift s = new PeriodicShift(H, W);
        s.displacement(dx, dy);
        double[] out = new double[H * W];
        s.forward(in, 0, out, 0);
        double[] gradIn = new double[H * W];
        double[] gd = s.backward(in, 0, g, 0, gradIn, 0);
        double h = 1e-6;
        // central differences with h = 1e-6 on O(1) smooth functions: truncation ~1e-12, rounding ~1e-10
        assertEquals((loss(in, g, dx + h, dy) - loss(in, g, dx - h, dy)) / (2 * h), gd[0], 1e-7);
        assertEquals((loss(in, g, dx, dy + h) - loss(in, g, dx, dy - h)) / (2 * h), gd[1], 1e-7);
        for (int i = 0; i < H * W; i++) {
            double old = in[i];
            in[i] = old + h;
            double lp = loss(in, g, dx, dy);
            in[i] = old - h;
            double lm = loss(in, g, dx, dy);
            in[i] = old;
            assertEquals((lp - lm) / (2 * h), gradIn[i], 1e-7, "dL/din[" + i + "]");
        }
    }

    private static double loss(double[] in, double[] g, double dx, double dy) {
        PeriodicShift s = new PeriodicShift(H, W);
        s.displacement(dx, dy);
        double[] out = new double[H * W];
        s.forward(in, 0, out, 0);
        double l = 0;
        for (int i = 0; i < out.length; i++) {
            l += g[i] * out[i];
        }
        return l;
    }
}
