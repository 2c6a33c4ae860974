package dev.hetflow.datasets.piv;

import java.util.SplittableRandom;

/**
 * Synthesizes PIV pairs as PIV researchers do: particles seeded at random in and around the light sheet, imaged at t,
 * moved along the flow (RK4 sub-steps) and out of plane, imaged again at t + 1. Sample {@code i} depends only on the
 * spec, the seed and {@code i}: any sample can be regenerated alone, in any order, on any thread, and nothing is
 * held between samples. Thread-safe.
 */
public final class PivSynthesizer {

    /** Grid of points whose mean displacement is a VECTOR label: exact for uniform and linear fields. */
    static final int LABEL_GRID = 8;

    private final PivSpec spec;
    private final long seed;

    public PivSynthesizer(PivSpec spec, long seed) {
        this.spec = spec;
        this.seed = seed;
    }

    public PivSpec spec() {
        return spec;
    }

    public long seed() {
        return seed;
    }

    /** Sample {@code index}, its flow drawn from the spec's flow kind. */
    public PivSample sample(long index) {
        SplittableRandom rng = new SplittableRandom(mix(seed, index));
        FlowField flow = RandomFlows.draw(spec.flow(), rng, spec.width(), spec.height(), spec.maxDisplacement());
        return render(index, flow, rng);
    }

    /** Sample {@code index} in a given field (for tests and evaluations of particular flows). */
    public PivSample sample(long index, FlowField flow) {
        return render(index, flow, new SplittableRandom(mix(seed, index)));
    }

    private PivSample render(long index, FlowField flow, SplittableRandom rng) {
        int w = spec.width();
        int h = spec.height();
        Advection advection = new Advection(flow, spec.subSteps());
        ParticleImager imageA = new ParticleImager(w, h);
        ParticleImager imageB = new ParticleImager(w, h);
        // particles up to this far outside the frame can move into it or spill light into it: the largest
        // displacement (stagnation flows may exceed maxDisplacement by 11 % at the frame's edge) plus a particle's reach
        double margin = Math.ceil(1.1 * spec.maxDisplacement() + ParticleImager.REACH_SIGMAS * spec.diameterMax() / 4
                + 1);
        double spanX = w + 2 * margin;
        double spanY = h + 2 * margin;
        double sheetSigmas = 3 * spec.outOfPlaneMotion();
        double zRange = 0.5 + sheetSigmas; // particles this far from the sheet's centre (in thicknesses) can enter
        long particles = Math.round(spec.particlesPerPixel() * spanX * spanY * 2 * zRange);
        double[] end = new double[2];
        for (long p = 0; p < particles; p++) {
            double x = -0.5 - margin + rng.nextDouble() * spanX;
            double y = -0.5 - margin + rng.nextDouble() * spanY;
            double z = (rng.nextDouble() * 2 - 1) * zRange;
            double dz = spec.outOfPlaneMotion() * rng.nextGaussian();
            double diameter = spec.diameterMin() + (spec.diameterMax() - spec.diameterMin()) * rng.nextDouble();
            double peak = spec.peakIntensity() * Math.max(0, 1 + spec.intensitySpread() * rng.nextGaussian());
            advection.advect(x, y, end);
            imageA.add(x, y, diameter, peak * sheet(z));
            imageB.add(end[0], end[1], diameter, peak * sheet(z + dz));
        }
        byte[] frameA = imageA.expose(spec.noiseStd(), rng);
        byte[] frameB = imageB.expose(spec.noiseStd(), rng);
        float[][] labels = spec.labelMode() == LabelMode.VECTOR ? meanLabel(advection, w, h) : fieldLabel(advection, w, h);
        return new PivSample(index, w, h, frameA, frameB, labels[0], labels[1], flow);
    }

    /** Gaussian light-sheet profile: 1 in the centre plane, e^-2 at the sheet's faces (z = +-1/2 thickness). */
    private static double sheet(double z) {
        return Math.exp(-8 * z * z);
    }

    private static float[][] meanLabel(Advection advection, int w, int h) {
        double[] end = new double[2];
        double sumU = 0;
        double sumV = 0;
        for (int gy = 0; gy < LABEL_GRID; gy++) {
            double y = (gy + 0.5) * h / LABEL_GRID - 0.5;
            for (int gx = 0; gx < LABEL_GRID; gx++) {
                double x = (gx + 0.5) * w / LABEL_GRID - 0.5;
                advection.advect(x, y, end);
                sumU += end[0] - x;
                sumV += end[1] - y;
            }
        }
        int n = LABEL_GRID * LABEL_GRID;
        return new float[][] {{(float) (sumU / n)}, {(float) (sumV / n)}};
    }

    private static float[][] fieldLabel(Advection advection, int w, int h) {
        float[] u = new float[w * h];
        float[] v = new float[w * h];
        double[] end = new double[2];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                advection.advect(x, y, end);
                u[y * w + x] = (float) (end[0] - x);
                v[y * w + x] = (float) (end[1] - y);
            }
        }
        return new float[][] {u, v};
    }

    /** SplitMix64 finalizer of the pair: neighbouring indices get unrelated random streams. */
    static long mix(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
