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

    SylvesterCoreKernel(int m) {
        this.m = m;
        this.f = new double[m * m];
        this.gF = new double[m * m];
        this.gh = new double[m];
    }

    /** Writes h (at hAt) and R h (at rhAt) for example b; returns its log|det|. */
    double forward(int b, Values[] blocks, double[] y, int yAt, double[] h, int hAt, double[] rh, int rhAt) {
        loadF(b, blocks[0]);
        // pre_i = sum_{k>i} F_ki y_k + R~_ii y_i + b_i
        for (int i = 0; i < m; i++) {
            h[hAt + i] = Math.tanh(blocks[2].get(b * m + i)) * y[yAt + i] + blocks[3].get(b * m + i);
        }
        for (int k = 1; k < m; k++) {
            double yk = y[yAt + k];
            int row = k * m;
            for (int i = 0; i < k; i++) {
                h[hAt + i] += f[row + i] * yk;
            }
        }
        for (int i = 0; i < m; i++) {
            h[hAt + i] = Math.tanh(h[hAt + i]);
        }
        // (R h)_i = R_ii h_i + sum_{j>i} F_ij h_j
        double logDet = 0;
        for (int i = 0; i < m; i++) {
            double dr = Math.tanh(blocks[1].get(b * m + i));
            double hi = h[hAt + i];
            double sum = dr * hi;
            int row = i * m;
            for (int j = i + 1; j < m; j++) {
                sum += f[row + j] * h[hAt + j];
            }
            rh[rhAt + i] = sum;
            double drt = Math.tanh(blocks[2].get(b * m + i));
            logDet += Math.log(1.0 + dr * drt * (1.0 - hi * hi));
        }
        return logDet;
    }

    /**
     * From grh = dL/d(R h) and the loss's weight on log|det|: writes gy = dL/dy and the gradients of blocks 0..3 of
     * example b (overwritten).
     */
    void backward(int b, Values[] blocks, double[] y, int yAt, double[] h, int hAt, double[] grh, double gLogDet,
            double[] gy, Values[] gBlocks) {
        loadF(b, blocks[0]);
        java.util.Arrays.fill(gF, 0.0);
        // R h: dL/dh_j = R_jj grh_j + sum_{i<j} F_ij grh_i, dL/dF_ij = grh_i h_j (j > i)
        for (int j = 0; j < m; j++) {
            gh[j] = Math.tanh(blocks[1].get(b * m + j)) * grh[j];
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
            double dr = Math.tanh(blocks[1].get(b * m + i));
            double drt = Math.tanh(blocks[2].get(b * m + i));
            double hi = h[hAt + i];
            double hp = 1.0 - hi * hi;
            double t = 1.0 + dr * drt * hp;
            double gDr = grh[i] * hi + gLogDet * drt * hp / t;
            double gPre = (gh[i] + gLogDet * dr * drt * (-2.0 * hi) / t) * hp;
            double gDrt = gLogDet * dr * hp / t + gPre * y[yAt + i];
            gh[i] = gPre;   // gh now holds dL/dpre
            gBlocks[1].set(b * m + i, gDr * (1.0 - dr * dr));
            gBlocks[2].set(b * m + i, gDrt * (1.0 - drt * drt));
            gBlocks[3].set(b * m + i, gPre);
            gy[i] = drt * gPre;
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
        int m2 = m * m;
        for (int i = 0; i < m2; i++) {
            gBlocks[0].set(b * m2 + i, gF[i]);
        }
    }

    private void loadF(int b, Values block) {
        int m2 = m * m;
        for (int i = 0; i < m2; i++) {
            f[i] = block.get(b * m2 + i);
        }
    }
}
