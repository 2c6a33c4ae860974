package dev.hetflow.ffjord.cnf;

import dev.hetflow.ffjord.kernel.Vectors;
import dev.hetflow.ffjord.solver.OdeSolver;
import dev.hetflow.ffjord.solver.SolverConfig;
import dev.hetflow.ffjord.solver.Tableau;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Discretize-then-optimize: a fixed-grid solve that keeps one tape per (step, stage), and the exact reverse pass of
 * that explicit Runge-Kutta scheme. For y_{n+1} = y_n + h sum_k b_k K_k, K_k = F(t_n + c_k h, Y_k),
 * Y_k = y_n + h sum_{j<k} a_kj K_j, going backwards over stages k = s..1:
 * gK_k = h b_k g_{n+1} + sum_{j>k} h a_jk gY_j, gY_k = gK_k^T dF/dY_k, and g_n = g_{n+1} + sum_k gY_k.
 * The log-determinant is never read by F, so its adjoint is the constant dL/dlogdet.
 * Tapes are kept between solves of the same batch size, so steady-state training allocates nothing per step here.
 */
final class TapedSolve {

    private final OdeFunction ode;
    private final List<OdeFunction.Slot> tapes = new ArrayList<>();
    private int tapeBatch = -1;
    private SolverConfig.Fixed config;
    private double t0;
    private double t1;
    private INDArray[] stageGrad;
    private INDArray gradK;
    private INDArray gradDiv;
    private INDArray gradKin;
    private INDArray gradJac;

    TapedSolve(OdeFunction ode) {
        this.ode = ode;
    }

    /** Solves in place over [t0, t1]; y = {z [B, D], logdet [B, 1]}. beginSolve must have been called. */
    void forward(INDArray[] y, double t0, double t1, SolverConfig.Fixed config) {
        int needed = config.steps() * config.tableau().stages();
        if (tapeBatch != ode.batch()) {
            tapes.clear();
            tapeBatch = ode.batch();
        }
        while (tapes.size() < needed) {
            tapes.add(ode.newTape());
        }
        this.config = config;
        this.t0 = t0;
        this.t1 = t1;
        int[] next = {0};
        // y = {z, logdet} or, with RNODE, {z, logdet, kinetic, jacobian}
        boolean reg = y.length == 4;
        OdeSolver.solve((t, state, d) -> ode.evaluate(t, state[0], tapes.get(next[0]++), d[0], d[1],
                reg ? d[2] : null, reg ? d[3] : null), y, t0, t1, config);
    }

    /** dL/dz(t0) from dL/dz(t1) and dL/dlogdet ([B, 1]); adds parameter gradients. */
    INDArray backward(INDArray gradZ, INDArray gradLogdet) {
        return backward(gradZ, gradLogdet, null, null);
    }

    /** As above with the constant adjoints of the RNODE integrals (nullable when not integrated). */
    INDArray backward(INDArray gradZ, INDArray gradLogdet, INDArray gradKinetic, INDArray gradJacobian) {
        Tableau tab = config.tableau();
        int s = tab.stages();
        int steps = config.steps();
        double h = (t1 - t0) / steps;
        if (stageGrad == null || stageGrad.length != s || !sameShape(gradK, gradZ)) {
            stageGrad = new INDArray[s];
            gradK = Nd4j.create(gradZ.dataType(), gradZ.shape());
            gradDiv = Nd4j.create(gradLogdet.dataType(), gradLogdet.shape());
            gradKin = Nd4j.create(gradLogdet.dataType(), gradLogdet.shape());
            gradJac = Nd4j.create(gradLogdet.dataType(), gradLogdet.shape());
        }
        INDArray g = gradZ.dup();
        for (int n = steps - 1; n >= 0; n--) {
            for (int k = s - 1; k >= 0; k--) {
                Vectors.scaledCopy(h * tab.b()[k], g, gradK);
                for (int j = k + 1; j < s; j++) {
                    double a = tab.a()[j][k];
                    if (a != 0) {
                        Vectors.axpy(h * a, stageGrad[j], gradK);
                    }
                }
                Vectors.scaledCopy(h * tab.b()[k], gradLogdet, gradDiv);
                if (gradKinetic != null) {
                    Vectors.scaledCopy(h * tab.b()[k], gradKinetic, gradKin);
                    Vectors.scaledCopy(h * tab.b()[k], gradJacobian, gradJac);
                }
                stageGrad[k] = ode.backward(tapes.get(n * s + k), gradK, gradDiv,
                        gradKinetic == null ? null : gradKin, gradKinetic == null ? null : gradJac, 1.0);
            }
            for (int k = 0; k < s; k++) {
                Vectors.axpy(1.0, stageGrad[k], g);
            }
        }
        return g;
    }

    private static boolean sameShape(INDArray a, INDArray b) {
        return a != null && java.util.Arrays.equals(a.shape(), b.shape());
    }
}
