package dev.hetflow.sylvester.flows;

import dev.hetflow.sylvester.kernel.Values;

/**
 * {@link SylvesterCore} by hand for one example at a time: from y = Q^T z, h = tanh(R~ y + b), the map's increment
 * R h (which the flow multiplies by Q) and log|det| = sum_i log(1 + R~_ii R_ii (1 - h_i^2)) (van den Berg et al.
 * 2018, eq. 12-13), with R_ij = F_ij and R~_ij = F_ji for j > i and diagonals tanh of their blocks; and the chain
 * rule of the same steps back. Blocks 0..3 of a Sylvester flow: F [M*M], diag R [M], diag R~ [M], b [M].
 */
final class SylvesterCoreKernel {

    private final int m;
    private final double[] f;
    private final double[] gF;
    private final double[] gh;
    // one example's diag R, diag R~ (both after tanh) and b
    private final double[] dr;
    private final double[] drt;
    private final double[] bias;

    SylvesterCoreKernel(int m) {
        this.m = m;
        this.f = new double[m * m];
        this.gF = new double[m * m];
        this.gh = new double[m];
        this.dr = new double[m];
        this.drt = new double[m];
        this.bias = new double[m];
    }

    /** Writes h (at hAt) and R h (at rhAt) for example b; returns its log|det|. */
    double forward(int b, Values[] blocks, double[] y, int yAt, double[] h, int hAt, double[] rh, int rhAt) {
        load(b, blocks);
        // pre_i = sum_{k>i} F_ki y_k + R~_ii y_i + b_i
        for (int i = 0; i < m; i++) {
            h[hAt + i] = drt[i] * y[yAt + i] + bias[i];
        }
        for (int k = 1; k < m; k++) {
            double yk = y[yAt + k];
            int row = k * m;
            for (int i = 0; i < k; i++) {
                h[hAt + i] += f[row + i] * yk;
            }
        }
        for (int i = 0; i < m; i++) {
            h[hAt + i] = tanh(h[hAt + i]);
        }
        // (R h)_i = R_ii h_i + sum_{j>i} F_ij h_j
        double logDet = 0;
        for (int i = 0; i < m; i++) {
            double hi = h[hAt + i];
            double sum = dr[i] * hi;
            int row = i * m;
            for (int j = i + 1; j < m; j++) {
                sum += f[row + j] * h[hAt + j];
            }
            rh[rhAt + i] = sum;
            logDet += Math.log(1.0 + dr[i] * drt[i] * (1.0 - hi * hi));
        }
        return logDet;
    }

    /**
     * From grh = dL/d(R h) and the loss's weight on log|det|: writes gy = dL/dy and the gradients of blocks 0..3 of
     * example b (overwritten).
     */
    void backward(int b, Values[] blocks, double[] y, int yAt, double[] h, int hAt, double[] grh, double gLogDet,
            double[] gy, Values[] gBlocks) {
        load(b, blocks);
        java.util.Arrays.fill(gF, 0.0);
        // R h: dL/dh_j = R_jj grh_j + sum_{i<j} F_ij grh_i, dL/dF_ij = grh_i h_j (j > i)
        for (int j = 0; j < m; j++) {
            gh[j] = dr[j] * grh[j];
        }
        for (int i = 0; i < m; i++) {
            double gi = grh[i];
            int row = i * m;
            for (int j = i + 1; j < m; j++) {
                gh[j] += f[row + j] * gi;
                gF[row + j] = gi * h[hAt + j];
            }
        }
        for (int i = 0; i < m; i++) {
            double ri = dr[i];
            double rti = drt[i];
            double hi = h[hAt + i];
            double hp = 1.0 - hi * hi;
            double t = 1.0 + ri * rti * hp;
            double gDr = grh[i] * hi + gLogDet * rti * hp / t;
            double gPre = (gh[i] + gLogDet * ri * rti * (-2.0 * hi) / t) * hp;
            double gDrt = gLogDet * ri * hp / t + gPre * y[yAt + i];
            gh[i] = gPre;   // gh now holds dL/dpre
            gBlocks[1].set(b * m + i, gDr * (1.0 - ri * ri));
            gBlocks[2].set(b * m + i, gDrt * (1.0 - rti * rti));
            gBlocks[3].set(b * m + i, gPre);
            gy[i] = rti * gPre;
        }
        // pre_i = sum_{k>i} F_ki y_k + ...: dL/dy_k += sum_{i<k} F_ki gpre_i, dL/dF_ki = gpre_i y_k
        for (int k = 1; k < m; k++) {
            int row = k * m;
            double yk = y[yAt + k];
            double sum = 0;
            for (int i = 0; i < k; i++) {
                sum += f[row + i] * gh[i];
                gF[row + i] = gh[i] * yk;
            }
            gy[k] += sum;
        }
        gBlocks[0].write(b * m * m, gF, m * m);
    }

    /** One example's F, tanh of both diagonal blocks, and b. */
    private void load(int b, Values[] blocks) {
        blocks[0].read(b * m * m, f, m * m);
        blocks[1].read(b * m, dr, m);
        blocks[2].read(b * m, drt, m);
        blocks[3].read(b * m, bias, m);
        for (int i = 0; i < m; i++) {
            dr[i] = tanh(dr[i]);
            drt[i] = tanh(drt[i]);
        }
    }

    /** tanh(u) = sign(u) (1 - e^-2|u|) / (1 + e^-2|u|): Math.tanh is not an intrinsic; absolute error ~1e-16. */
    static double tanh(double u) {
        double e = Math.exp(-2 * Math.abs(u));
        double t = (1 - e) / (1 + e);
        return u < 0 ? -t : t;
    }
}
