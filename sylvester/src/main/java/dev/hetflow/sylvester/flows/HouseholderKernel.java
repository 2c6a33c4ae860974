package dev.hetflow.sylvester.flows;

import dev.hetflow.sylvester.kernel.Values;

/**
 * {@link HouseholderSylvesterFlow} by hand: per example, u_j = v_j / ||v_j||, y = Q^T z = H_H ... H_1 z,
 * h = tanh(R~ y + b), z' = z + Q R h, log|det| = sum_i log(1 + R~_ii R_ii (1 - h_i^2)) (van den Berg et al. 2018,
 * eq. 12-13 and sec. 4.2), with R and R~ from the block F as in {@link SylvesterCore}: R_ij = F_ij and
 * R~_ij = F_ji for j > i, diagonals tanh of their blocks. Reflections H x = x - 2 u (u^T x) are applied in place of
 * Q and their intermediate vectors kept for the backward pass, which is the chain rule of the same steps in reverse.
 */
public final class HouseholderKernel implements FlowKernel {

    /** As in {@link HouseholderSylvesterFlow}: keeps v / ||v|| finite if v is exactly 0. */
    private static final double TINY = 1e-30;

    private final int d;
    private final int hCount;
    private int batch;
    // per example: unit vectors [H, D], norms [H], Q^T chain s_0 = z .. s_H = y [(H+1), D], h [D],
    // Q chain r_H = R h .. r_0 = Q R h [(H+1), D]
    private double[] units;
    private double[] norms;
    private double[] sChain;
    private double[] rChain;
    private double[] hs;
    // scratch for one example
    private final double[] f;
    private final double[] gF;
    private final double[] g;
    private final double[] gu;
    private final double[] gh;
    private final double[] gyScratch;

    public HouseholderKernel(int dim, int reflections) {
        if (dim < 1 || reflections < 1) {
            throw new IllegalArgumentException("need dim >= 1 and reflections >= 1, got " + dim + ", " + reflections);
        }
        this.d = dim;
        this.hCount = reflections;
        this.f = new double[dim * dim];
        this.gF = new double[dim * dim];
        this.g = new double[dim];
        this.gu = new double[reflections * dim];
        this.gh = new double[dim];
        this.gyScratch = new double[dim];
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
        int m2 = d * d;
        for (int b = 0; b < batch; b++) {
            int uAt = b * hCount * d;
            for (int j = 0; j < hCount; j++) {
                int vAt = b * hCount * d + j * d;
                double sq = 0;
                for (int i = 0; i < d; i++) {
                    double v = blocks[4].get(vAt + i);
                    sq += v * v;
                }
                double n = Math.sqrt(sq + TINY);
                norms[b * hCount + j] = n;
                for (int i = 0; i < d; i++) {
                    units[uAt + j * d + i] = blocks[4].get(vAt + i) / n;
                }
            }
            int sAt = b * (hCount + 1) * d;
            System.arraycopy(z, b * d, sChain, sAt, d);
            for (int j = 0; j < hCount; j++) {
                reflect(sChain, sAt + j * d, units, uAt + j * d, sChain, sAt + (j + 1) * d);
            }
            int yAt = sAt + hCount * d;
            for (int i = 0; i < m2; i++) {
                f[i] = blocks[0].get(b * m2 + i);
            }
            // pre_i = sum_{k>i} F_ki y_k + R~_ii y_i + b_i
            double[] pre = g;
            for (int i = 0; i < d; i++) {
                pre[i] = Math.tanh(blocks[2].get(b * d + i)) * sChain[yAt + i] + blocks[3].get(b * d + i);
            }
            for (int k = 1; k < d; k++) {
                double yk = sChain[yAt + k];
                int row = k * d;
                for (int i = 0; i < k; i++) {
                    pre[i] += f[row + i] * yk;
                }
            }
            int hAt = b * d;
            for (int i = 0; i < d; i++) {
                hs[hAt + i] = Math.tanh(pre[i]);
            }
            // r_H = R h: (R h)_i = R_ii h_i + sum_{j>i} F_ij h_j
            int rAt = b * (hCount + 1) * d;
            int rTop = rAt + hCount * d;
            double ld = 0;
            for (int i = 0; i < d; i++) {
                double dr = Math.tanh(blocks[1].get(b * d + i));
                double hi = hs[hAt + i];
                double sum = dr * hi;
                int row = i * d;
                for (int j = i + 1; j < d; j++) {
                    sum += f[row + j] * hs[hAt + j];
                }
                rChain[rTop + i] = sum;
                double drt = Math.tanh(blocks[2].get(b * d + i));
                ld += Math.log(1.0 + dr * drt * (1.0 - hi * hi));
            }
            logDet[b] += ld;
            for (int j = hCount - 1; j >= 0; j--) {
                reflect(rChain, rAt + (j + 1) * d, units, uAt + j * d, rChain, rAt + j * d);
            }
            for (int i = 0; i < d; i++) {
                zNext[b * d + i] = z[b * d + i] + rChain[rAt + i];
            }
        }
    }

    @Override
    public void backward(double[] gzNext, double gLogDet, Values[] blocks, double[] gz, Values[] gBlocks) {
        int m2 = d * d;
        for (int b = 0; b < batch; b++) {
            int uAt = b * hCount * d;
            int sAt = b * (hCount + 1) * d;
            int rAt = b * (hCount + 1) * d;
            int hAt = b * d;
            java.util.Arrays.fill(gu, 0.0);
            java.util.Arrays.fill(gF, 0.0);
            for (int i = 0; i < m2; i++) {
                f[i] = blocks[0].get(b * m2 + i);
            }
            // z' = z + r_0 with r_j = H_j r_{j+1}: back through the Q chain, r_0 first
            System.arraycopy(gzNext, b * d, g, 0, d);
            for (int j = 0; j < hCount; j++) {
                reflectBack(g, rChain, rAt + (j + 1) * d, uAt + j * d, j);
            }
            // g = dL/d(R h); gh = R^T g plus the log-determinant's share
            for (int j = 0; j < d; j++) {
                double dr = Math.tanh(blocks[1].get(b * d + j));
                gh[j] = dr * g[j];
            }
            for (int i = 0; i < d; i++) {
                double gi = g[i];
                int row = i * d;
                for (int j = i + 1; j < d; j++) {
                    gh[j] += f[row + j] * gi;
                    gF[row + j] = gi * hs[hAt + j];
                }
            }
            int yAt = sAt + hCount * d;
            double[] gy = gyScratch;
            for (int i = 0; i < d; i++) {
                double dr = Math.tanh(blocks[1].get(b * d + i));
                double drt = Math.tanh(blocks[2].get(b * d + i));
                double hi = hs[hAt + i];
                double hp = 1.0 - hi * hi;
                double t = 1.0 + dr * drt * hp;
                double gDr = g[i] * hi + gLogDet * drt * hp / t;
                double gDrt = gLogDet * dr * hp / t;
                double gPre = (gh[i] + gLogDet * dr * drt * (-2.0 * hi) / t) * hp;
                gh[i] = gPre;  // gh now holds dL/dpre
                gBlocks[1].set(b * d + i, gDr * (1.0 - dr * dr));
                gBlocks[3].set(b * d + i, gPre);
                gy[i] = drt * gPre;
                gDrt += gPre * sChain[yAt + i];
                gBlocks[2].set(b * d + i, gDrt * (1.0 - drt * drt));
            }
            // pre_i = sum_{k>i} F_ki y_k + ...: dL/dy_k += sum_{i<k} F_ki gpre_i, dL/dF_ki = gpre_i y_k
            for (int k = 1; k < d; k++) {
                int row = k * d;
                double yk = sChain[yAt + k];
                double sum = 0;
                for (int i = 0; i < k; i++) {
                    sum += f[row + i] * gh[i];
                    gF[row + i] = gh[i] * yk;
                }
                gy[k] += sum;
            }
            // y = s_H with s_{j+1} = H_j s_j: back through the Q^T chain, s_H first
            System.arraycopy(gy, 0, g, 0, d);
            for (int j = hCount - 1; j >= 0; j--) {
                reflectBack(g, sChain, sAt + j * d, uAt + j * d, j);
            }
            for (int i = 0; i < d; i++) {
                gz[b * d + i] = gzNext[b * d + i] + g[i];
            }
            for (int i = 0; i < m2; i++) {
                gBlocks[0].set(b * m2 + i, gF[i]);
            }
            // u = v / n with n = sqrt(|v|^2 + tiny): dL/dv = gu / n - v (v . gu) / n^3
            for (int j = 0; j < hCount; j++) {
                double n = norms[b * hCount + j];
                int vAt = b * hCount * d + j * d;
                double vg = 0;
                for (int i = 0; i < d; i++) {
                    vg += blocks[4].get(vAt + i) * gu[j * d + i];
                }
                for (int i = 0; i < d; i++) {
                    gBlocks[4].set(vAt + i, gu[j * d + i] / n - blocks[4].get(vAt + i) * vg / (n * n * n));
                }
            }
        }
    }

    /** out = x - 2 u (u . x). */
    private void reflect(double[] x, int xAt, double[] u, int uAt, double[] out, int outAt) {
        double dot = 0;
        for (int i = 0; i < d; i++) {
            dot += u[uAt + i] * x[xAt + i];
        }
        for (int i = 0; i < d; i++) {
            out[outAt + i] = x[xAt + i] - 2.0 * u[uAt + i] * dot;
        }
    }

    /**
     * Back through out = x - 2 u (u . x) for reflection j: g = dL/dout becomes dL/dx in place and
     * dL/du_j += -2 ((u . x) g + (u . g) x).
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
