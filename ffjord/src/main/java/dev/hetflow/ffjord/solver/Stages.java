package dev.hetflow.ffjord.solver;

import dev.hetflow.ffjord.kernel.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Scratch and arithmetic of one explicit Runge-Kutta step (Hairer et al. eq. II.1.8) for a given state shape. */
final class Stages {

    private final Tableau tab;
    private final INDArray[][] k;
    private final INDArray[] stageState;

    Stages(Tableau tab, INDArray[] like) {
        this.tab = tab;
        this.k = new INDArray[tab.stages()][];
        for (int s = 0; s < tab.stages(); s++) {
            k[s] = OdeSolver.likeAll(like);
        }
        this.stageState = OdeSolver.likeAll(like);
    }

    /**
     * K_s = F(t + c_s h, y + h sum_j a_sj K_j); yOut = y + h sum_s b_s K_s (yOut may be y);
     * err (if not null) = h sum_s (b_s - b_hat_s) K_s.
     */
    void step(VectorField f, double t, double h, INDArray[] y, INDArray[] yOut, INDArray[] err) {
        for (int s = 0; s < tab.stages(); s++) {
            INDArray[] input = y;
            if (s > 0) {
                input = stageState;
                combine(stageState, y, tab.a()[s], h);
            }
            f.evaluate(t + tab.c()[s] * h, input, k[s]);
        }
        if (err != null) {
            for (int i = 0; i < y.length; i++) {
                err[i].assign(0);
                for (int s = 0; s < tab.stages(); s++) {
                    if (tab.bError()[s] != 0) {
                        Nd4j.getBlasWrapper().level1().axpy(err[i].length(), h * tab.bError()[s], k[s][i], err[i]);
                    }
                }
            }
        }
        combine(yOut, y, tab.b(), h);
    }

    /** out = y + h sum_j w_j K_j (out may alias y). */
    private void combine(INDArray[] out, INDArray[] y, double[] w, double h) {
        for (int i = 0; i < y.length; i++) {
            if (out[i] != y[i]) {
                Vectors.copy(y[i], out[i]);
            }
            for (int j = 0; j < w.length; j++) {
                if (w[j] != 0) {
                    Nd4j.getBlasWrapper().level1().axpy(out[i].length(), h * w[j], k[j][i], out[i]);
                }
            }
        }
    }
}
