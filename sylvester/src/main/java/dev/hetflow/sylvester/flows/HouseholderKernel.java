package dev.hetflow.sylvester.flows;

import dev.hetflow.sylvester.kernel.Values;

/**
 * {@link HouseholderSylvesterFlow} by hand: per example, u_j = v_j / ||v_j||, y = Q^T z = H_H ... H_1 z, the
 * Sylvester core on y ({@link SylvesterCoreKernel}), z' = z + Q R h (sec. 4.2 of van den Berg et al. 2018).
 * Reflections H x = x - 2 u (u^T x) are applied in place of Q, their intermediate vectors kept for the backward
 * pass, which is the chain rule of the same steps in reverse.
 */
public final class HouseholderKernel implements FlowKernel {

    /** As in {@link HouseholderSylvesterFlow}: keeps v / ||v|| finite if v is exactly 0. */
    private static final double TINY = 1e-30;

    private final int d;
    private final int hCount;
    private final SylvesterCoreKernel core;
    private int batch;
    // per example: unit vectors [H, D], norms [H], Q^T chain s_0 = z .. s_H = y [(H+1), D], h [D],
    // Q chain r_H = R h .. r_0 = Q R h [(H+1), D]
    private double[] units;
    private double[] norms;
    private double[] sChain;
    private double[] rChain;
    private double[] hs;
    // scratch for one example
    private final double[] g;
    private final double[] gu;
    private final double[] gy;
    private final double[] vs;

    public HouseholderKernel(int dim, int reflections) {
        if (dim < 1 || reflections < 1) {
            throw new IllegalArgumentException("need dim >= 1 and reflections >= 1, got " + dim + ", " + reflections);
        }
        this.d = dim;
        this.hCount = reflections;
        this.core = new SylvesterCoreKernel(dim);
        this.g = new double[dim];
        this.gu = new double[reflections * dim];
        this.gy = new double[dim];
        this.vs = new double[reflections * dim];
    }

    @Override
    public void bind(int batchSize) {
        if (batchSize == batch) {
            return;
        }
        batch = batchSize;
        units = new double[batchSize * hCount * d];
        norms = new double[batchSize * hCount];
        sChain = new double[batchSize * (hCount + 1) * d];
        rChain = new double[batchSize * (hCount + 1) * d];
        hs = new double[batchSize * d];
    }

    @Override
    public void forward(double[] z, Values[] blocks, double[] zNext, double[] logDet) {
        for (int b = 0; b < batch; b++) {
            int uAt = b * hCount * d;
            blocks[4].read(uAt, vs, hCount * d);
            for (int j = 0; j < hCount; j++) {
                double sq = 0;
                for (int i = 0; i < d; i++) {
                    double v = vs[j * d + i];
                    sq += v * v;
                }
                double n = Math.sqrt(sq + TINY);
                norms[b * hCount + j] = n;
                for (int i = 0; i < d; i++) {
                    units[uAt + j * d + i] = vs[j * d + i] / n;
                }
            }
            int sAt = b * (hCount + 1) * d;
            System.arraycopy(z, b * d, sChain, sAt, d);
            for (int j = 0; j < hCount; j++) {
                reflect(sChain, sAt + j * d, uAt + j * d, sChain, sAt + (j + 1) * d);
            }
            int rAt = sAt;
            logDet[b] += core.forward(b, blocks, sChain, sAt + hCount * d, hs, b * d, rChain, rAt + hCount * d);
            for (int j = hCount - 1; j >= 0; j--) {
                reflect(rChain, rAt + (j + 1) * d, uAt + j * d, rChain, rAt + j * d);
            }
            for (int i = 0; i < d; i++) {
                zNext[b * d + i] = z[b * d + i] + rChain[rAt + i];
            }
        }
    }

    @Override
    public void backward(double[] gzNext, double gLogDet, Values[] blocks, double[] gz, Values[] gBlocks) {
        for (int b = 0; b < batch; b++) {
            int uAt = b * hCount * d;
            int sAt = b * (hCount + 1) * d;
            int rAt = sAt;
            java.util.Arrays.fill(gu, 0.0);
            // z' = z + r_0 with r_j = H_j r_{j+1}: back through the Q chain, r_0 first
            System.arraycopy(gzNext, b * d, g, 0, d);
            for (int j = 0; j < hCount; j++) {
                reflectBack(g, rChain, rAt + (j + 1) * d, uAt + j * d, j);
            }
            core.backward(b, blocks, sChain, sAt + hCount * d, hs, b * d, g, gLogDet, gy, gBlocks);
            // y = s_H with s_{j+1} = H_j s_j: back through the Q^T chain, s_H first
            System.arraycopy(gy, 0, g, 0, d);
            for (int j = hCount - 1; j >= 0; j--) {
                reflectBack(g, sChain, sAt + j * d, uAt + j * d, j);
            }
            for (int i = 0; i < d; i++) {
                gz[b * d + i] = gzNext[b * d + i] + g[i];
            }
            // u = v / n with n = sqrt(|v|^2 + tiny): dL/dv = gu / n - v (v . gu) / n^3
            blocks[4].read(uAt, vs, hCount * d);
            for (int j = 0; j < hCount; j++) {
                double n = norms[b * hCount + j];
                double vg = 0;
                for (int i = 0; i < d; i++) {
                    vg += vs[j * d + i] * gu[j * d + i];
                }
                for (int i = 0; i < d; i++) {
                    gu[j * d + i] = gu[j * d + i] / n - vs[j * d + i] * vg / (n * n * n);
                }
            }
            gBlocks[4].write(uAt, gu, hCount * d);
        }
    }

    /** out = x - 2 u (u . x) with u the unit vector at uAt. */
    private void reflect(double[] x, int xAt, int uAt, double[] out, int outAt) {
        double dot = 0;
        for (int i = 0; i < d; i++) {
            dot += units[uAt + i] * x[xAt + i];
        }
        for (int i = 0; i < d; i++) {
            out[outAt + i] = x[xAt + i] - 2.0 * units[uAt + i] * dot;
        }
    }

    /**
     * Back through out = x - 2 u (u . x) for reflection j: grad = dL/dout becomes dL/dx in place and
     * dL/du_j += -2 ((u . x) grad + (u . grad) x).
     */
    private void reflectBack(double[] grad, double[] chain, int xAt, int uAt, int j) {
        double ux = 0;
        double ug = 0;
        for (int i = 0; i < d; i++) {
            ux += units[uAt + i] * chain[xAt + i];
            ug += units[uAt + i] * grad[i];
        }
        for (int i = 0; i < d; i++) {
            gu[j * d + i] -= 2.0 * (ux * grad[i] + ug * chain[xAt + i]);
        }
        for (int i = 0; i < d; i++) {
            grad[i] -= 2.0 * ug * units[uAt + i];
        }
    }
}
