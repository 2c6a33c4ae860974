package dev.hetflow.sylvester.flows;

import dev.hetflow.sylvester.math.SdOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.UnaryOperator;

/**
 * The Sylvester map shared by the orthogonal, Householder and triangular variants (van den Berg et al. 2018,
 * eq. 12-13): z' = z + Q R h(R~ Q^T z + b) with R, R~ upper triangular M x M, Q's columns orthonormal, h = tanh,
 * and log|det J| = sum_i log|1 + R~_ii R_ii h'(R~ Q^T z + b)_i| (eq. 13 with Sylvester's determinant identity).
 * <p>
 * Both triangular matrices come from one amortized M x M block F: R takes F's strictly upper part and R~ the
 * strictly lower part transposed, their diagonals are tanh of two more blocks, so R~_ii R_ii is in (-1, 1) and,
 * with h' in (0, 1], every factor 1 + R~_ii R_ii h' is positive: the map is invertible (the paper's theorem 2).
 * Blocks consumed here: F [M*M], diag R [M], diag R~ [M], b [M].
 */
final class SylvesterCore {

    static final int BLOCKS = 4;

    private final int m;

    SylvesterCore(int m) {
        this.m = m;
    }

    /**
     * The core's blocks plus one block of {@code size} values that builds the flow's orthogonal part (Q's raw
     * columns or the Householder vectors).
     */
    int[] blocksWith(int size) {
        int[] blocks = java.util.Arrays.copyOf(blocks(), BLOCKS + 1);
        blocks[BLOCKS] = size;
        return blocks;
    }

    /** Only that extra block gets a random bias, as the flows asked for it before. */
    static boolean[] randomBiasOnExtraBlock() {
        boolean[] random = new boolean[BLOCKS + 1];
        random[BLOCKS] = true;
        return random;
    }

    int[] blocks() {
        return new int[] {m * m, m, m, m};
    }

    /**
     * @param qT Q^T applied to a [B,D] variable, giving [B,M]
     * @param q  Q applied to a [B,M] variable, giving [B,D]
     */
    FlowStep apply(SameDiff sd, SDVariable z, SDVariable[] blocks, UnaryOperator<SDVariable> qT,
            UnaryOperator<SDVariable> q) {
        SDVariable full = blocks[0].reshape(-1, m, m);
        SDVariable diagR = sd.math.tanh(blocks[1]);
        SDVariable diagRTilde = sd.math.tanh(blocks[2]);
        SDVariable bias = blocks[3];
        SDVariable upper = full.mul(sd.constant(strictMask(true).castTo(z.dataType())));  // R off-diagonal: R_ij = F_ij, j > i
        SDVariable lower = full.mul(sd.constant(strictMask(false).castTo(z.dataType()))); // R~_ij = F_ji, j > i

        SDVariable y = qT.apply(z);                                   // Q^T z  [B,M]
        // R~ y: (R~ y)_i = R~_ii y_i + sum_{j>i} F_ji y_j = diag + (lower^T y)_i
        SDVariable pre = SdOps.matTVec(lower, y, m).add(diagRTilde.mul(y)).add(bias);
        SDVariable h = sd.math.tanh(pre);
        SDVariable rh = SdOps.matVec(upper, h, m).add(diagR.mul(h)); // R h
        SDVariable zNext = z.add(q.apply(rh));
        SDVariable hPrime = sd.math.square(h).rsub(1.0);
        SDVariable logDet = sd.math.log(diagR.mul(diagRTilde).mul(hPrime).add(1.0)).sum(1);
        return new FlowStep(zNext, logDet);
    }

    private INDArray strictMask(boolean upper) {
        double[][] mask = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                mask[i][j] = (upper ? j > i : i > j) ? 1.0 : 0.0;
            }
        }
        return Nd4j.createFromArray(mask);
    }
}
