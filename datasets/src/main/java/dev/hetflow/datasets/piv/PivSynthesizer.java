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
        RenderBuffers buffers = RenderBuffers.get();
        // particles up to this far outside the frame can move into it or spill light into it: the largest
        // displacement (stagnation flows may exceed maxDisplacement by 11 % at the frame's edge) plus a particle's reach
        double margin = Math.ceil(1.1 * spec.maxDisplacement() + ParticleImager.REACH_SIGMAS * spec.diameterMax() / 4
                + 1);
        double spanX = w + 2 * margin;
        double spanY = h + 2 * margin;
        double sheetSigmas = 3 * spec.outOfPlaneMotion();
        double zRange = 0.5 + sheetSigmas; // particles this far from the sheet's centre (in thicknesses) can enter
        int n = Math.toIntExact(Math.round(spec.particlesPerPixel() * spanX * spanY * 2 * zRange));
        ParticleBatch p = buffers.particles;
        p.ensure(n);
        for (int k = 0; k < n; k++) {
            p.x[k] = -0.5 - margin + rng.nextDouble() * spanX;
            p.y[k] = -0.5 - margin + rng.nextDouble() * spanY;
            p.z[k] = (rng.nextDouble() * 2 - 1) * zRange;
            p.dz[k] = spec.outOfPlaneMotion() * rng.nextGaussian();
            p.diameter[k] = spec.diameterMin() + (spec.diameterMax() - spec.diameterMin()) * rng.nextDouble();
            p.peak[k] = spec.peakIntensity() * Math.max(0, 1 + spec.intensitySpread() * rng.nextGaussian());
        }
        System.arraycopy(p.x, 0, p.endX, 0, n);
        System.arraycopy(p.y, 0, p.endY, 0, n);
        buffers.advection.advect(flow, spec.subSteps(), p.endX, p.endY, n);
        ParticleImager imager = buffers.imager(w, h);
        for (int k = 0; k < n; k++) {
            imager.add(p.x[k], p.y[k], p.diameter[k], p.peak[k] * sheet(p.z[k]));
        }
        byte[] frameA = imager.expose(spec.noiseStd(), rng);
        imager.clear();
        for (int k = 0; k < n; k++) {
            imager.add(p.endX[k], p.endY[k], p.diameter[k], p.peak[k] * sheet(p.z[k] + p.dz[k]));
        }
        byte[] frameB = imager.expose(spec.noiseStd(), rng);
        float[][] labels = spec.labelMode() == LabelMode.VECTOR ? meanLabel(flow, buffers) : fieldLabel(flow, buffers);
        return new PivSample(index, w, h, frameA, frameB, labels[0], labels[1], flow);
    }

    /** Gaussian light-sheet profile: 1 in the centre plane, e^-2 at the sheet's faces (z = +-1/2 thickness). */
    private static double sheet(double z) {
        return Math.exp(-8 * z * z);
    }

    private float[][] meanLabel(FlowField flow, RenderBuffers buffers) {
        int w = spec.width();
        int h = spec.height();
        int n = LABEL_GRID * LABEL_GRID;
        double[] x = buffers.labelX(n);
        double[] y = buffers.labelY(n);
        for (int gy = 0; gy < LABEL_GRID; gy++) {
            for (int gx = 0; gx < LABEL_GRID; gx++) {
                x[gy * LABEL_GRID + gx] = (gx + 0.5) * w / LABEL_GRID - 0.5;
                y[gy * LABEL_GRID + gx] = (gy + 0.5) * h / LABEL_GRID - 0.5;
            }
        }
        buffers.advection.advect(flow, spec.subSteps(), x, y, n);
        double sumU = 0;
        double sumV = 0;
        for (int gy = 0; gy < LABEL_GRID; gy++) {
            double y0 = (gy + 0.5) * h / LABEL_GRID - 0.5;
            for (int gx = 0; gx < LABEL_GRID; gx++) {
                double x0 = (gx + 0.5) * w / LABEL_GRID - 0.5;
                sumU += x[gy * LABEL_GRID + gx] - x0;
                sumV += y[gy * LABEL_GRID + gx] - y0;
            }
        }
        return new float[][] {{(float) (sumU / n)}, {(float) (sumV / n)}};
    }

    private float[][] fieldLabel(FlowField flow, RenderBuffers buffers) {
        int w = spec.width();
        int h = spec.height();
        double[] x = buffers.labelX(w * h);
        double[] y = buffers.labelY(w * h);
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                x[j * w + i] = i;
                y[j * w + i] = j;
            }
        }
        buffers.advection.advect(flow, spec.subSteps(), x, y, w * h);
        float[] u = new float[w * h];
        float[] v = new float[w * h];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                u[j * w + i] = (float) (x[j * w + i] - i);
                v[j * w + i] = (float) (y[j * w + i] - j);
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
