package dev.hetflow.sylvester.flows;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Iterative orthogonalization of van den Berg et al. 2018 (eq. 15, after Bjorck and Bowie 1971):
 * Q_{k+1} = Q_k (I + 1/2 (I - Q_k^T Q_k)), which converges to the orthonormal polar factor of Q_0 if
 * ||Q_0^T Q_0 - I||_2 < 1. The start is Q_0 = A / ||A||_F: then every singular value of Q_0 is at most 1, so
 * the condition holds exactly when A has full column rank (all singular values in (0, 1], eigenvalues of
 * Q_0^T Q_0 - I in (-1, 0]). Each singular value s moves to s (3 - s^2) / 2, which grows by 1.5 while small and
 * converges quadratically near 1.
 */
public final class Orthogonalization {

    private Orthogonalization() {
    }

    /** Graph form: a [B,D,M] (M = columns) gives the orthogonalized Q [B,D,M] after {@code iterations} steps. */
    public static SDVariable orthogonalize(SameDiff sd, SDVariable a, int columns, int iterations) {
        SDVariable frobenius = sd.math.sqrt(sd.math.square(a).sum(true, 1, 2));
        SDVariable q = a.div(frobenius);
        SDVariable threeHalvesI = sd.constant(Nd4j.eye(columns).castTo(a.dataType()).muli(1.5));
        for (int k = 0; k < iterations; k++) {
            // Q (I + 1/2 (I - Q^T Q)) = Q S with S = 3/2 I - 1/2 Q^T Q. Q^T is a separate permute op: an op that
            // takes the same variable twice (mmul(q, q)) makes SameDiff M2.1's subgraph search exponential in depth.
            SDVariable qt = sd.permute(q, 0, 2, 1);
            SDVariable s = sd.mmul(qt, q).mul(-0.5).add(threeHalvesI);
            q = sd.mmul(q, s);
        }
        return q;
    }

    /**
     * ||Q^T Q - I||_2 for one D x M matrix (the largest |eigenvalue| of the symmetric M x M matrix), the quantity
     * of the convergence condition and of the residual after orthogonalization.
     */
    public static double deviation(INDArray q) {
        if (q.rank() != 2 || q.rows() < q.columns()) {
            throw new IllegalArgumentException("need a D x M matrix with M <= D, got shape "
                    + java.util.Arrays.toString(q.shape()));
        }
        INDArray qd = q.castTo(DataType.DOUBLE);
        INDArray gram = qd.transpose().mmul(qd).subi(Nd4j.eye(q.columns()).castTo(DataType.DOUBLE));
        INDArray eigenvalues = Eigen.symmetricGeneralizedEigenvalues(gram.dup(), false);
        return Math.max(Math.abs(eigenvalues.minNumber().doubleValue()), Math.abs(eigenvalues.maxNumber().doubleValue()));
    }

    /** Throws unless Q_0 meets the convergence condition ||Q_0^T Q_0 - I||_2 < 1. */
    public static void checkConvergenceCondition(INDArray q0) {
        double deviation = deviation(q0);
        if (!(deviation < 1.0)) {
            throw new IllegalArgumentException("orthogonalization would not converge: ||Q0^T Q0 - I||_2 = "
                    + deviation + " is not below 1 (rank-deficient or badly scaled Q0)");
        }
    }
}
