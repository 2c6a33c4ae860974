package dev.hetflow.datasets.piv;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Exposes one frame: Gaussian particle images integrated exactly over each pixel's area (erf), summed, plus Gaussian
 * sensor noise, rounded and clipped to 8 bits. A particle of diameter d (e^-2 intensity, sigma = d / 4) and peak
 * intensity I0 at (xp, yp) gives pixel (i, j), which covers [i - 1/2, i + 1/2] x [j - 1/2, j + 1/2], the grey level
 * {@code I0 pi sigma^2 / 2 [erf((i + 1/2 - xp) / (sqrt 2 sigma)) - erf((i - 1/2 - xp) / (sqrt 2 sigma))] [same in y]}.
 * Not thread-safe; {@link #clear} readies it for the next frame without allocating.
 */
final class ParticleImager {

    /**
     * Beyond 3.5 sigma + 1 px (the pixel half-width plus a margin) a particle adds under exp(-6.1) = 0.2 % of its
     * peak: below half a grey level even at 255, so quantization would drop it anyway.
     */
    static final double REACH_SIGMAS = 3.5;
    private static final double SQRT2 = Math.sqrt(2);

    private final int width;
    private final int height;
    private final double[] light;
    private final double[] noise;
    private final double[] ex;
    private final double[] ey;

    ParticleImager(int width, int height) {
        this.width = width;
        this.height = height;
        this.light = new double[width * height];
        this.noise = new double[width * height];
        int reach = 2 * (int) Math.ceil(REACH_SIGMAS * 16 / 4 + 1) + 3; // widest particle: 16 px
        this.ex = new double[reach];
        this.ey = new double[reach];
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Removes all light: the imager is as new. */
    void clear() {
        Arrays.fill(light, 0);
    }

    /** Adds one particle image; particles wholly outside the frame add nothing. */
    void add(double xp, double yp, double diameter, double peak) {
        if (peak <= 0) {
            return;
        }
        double sigma = diameter / 4;
        double reach = REACH_SIGMAS * sigma + 1;
        int i0 = Math.max(0, (int) Math.floor(xp - reach));
        int i1 = Math.min(width - 1, (int) Math.ceil(xp + reach));
        int j0 = Math.max(0, (int) Math.floor(yp - reach));
        int j1 = Math.min(height - 1, (int) Math.ceil(yp + reach));
        if (i0 > i1 || j0 > j1) {
            return;
        }
        double scale = 1 / (SQRT2 * sigma);
        integrate(ex, i0, i1, xp, scale);
        integrate(ey, j0, j1, yp, scale);
        double amplitude = peak * Math.PI / 2 * sigma * sigma;
        int columns = i1 - i0 + 1;
        for (int j = j0; j <= j1; j++) {
            double wy = amplitude * ey[j - j0];
            int row = j * width + i0;
            for (int i = 0; i < columns; i++) { // the simplest loop form, so that the JIT can vectorize it
                light[row + i] += wy * ex[i];
            }
        }
    }

    /** The exposed frame: light plus noise, rounded to the nearest grey level and clipped to 0..255. */
    byte[] expose(double noiseStd, RandomGenerator rng) {
        byte[] pixels = new byte[light.length];
        if (noiseStd > 0) {
            GaussianNoise.fill(noise, rng);
        } else {
            Arrays.fill(noise, 0);
        }
        for (int p = 0; p < light.length; p++) {
            double value = light[p] + noiseStd * noise[p];
            long grey = Math.round(value);
            pixels[p] = (byte) Math.max(0, Math.min(255, grey));
        }
        return pixels;
    }

    /** The noiseless light of pixel (i, j), before quantization. */
    double light(int i, int j) {
        return light[j * width + i];
    }

    private static void integrate(double[] out, int from, int to, double centre, double scale) {
        double lower = Erf.fast((from - 0.5 - centre) * scale);
        for (int k = from; k <= to; k++) {
            double upper = Erf.fast((k + 0.5 - centre) * scale);
            out[k - from] = upper - lower;
            lower = upper;
        }
    }
}
