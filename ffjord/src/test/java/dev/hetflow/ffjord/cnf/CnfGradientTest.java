package dev.hetflow.ffjord.cnf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.MlpDynamics;
import dev.hetflow.ffjord.dynamics.MlpSpec;
import dev.hetflow.ffjord.dynamics.TimeConditioning;
import dev.hetflow.ffjord.params.ParameterStore;
import dev.hetflow.ffjord.solver.SolverConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradients of the negative log-likelihood of a two-block CNF against central finite differences in double precision.
 * Each loss evaluation rebuilds the flow with the same seeds so the Hutchinson probes are identical.
 */
class CnfGradientTest {

    private static final double H = 1e-5;
    private static final MlpSpec SPEC_A = new MlpSpec(2, List.of(8, 8), TimeConditioning.CONCATSQUASH,
            Activation.TANH);
    private static final MlpSpec SPEC_B = new MlpSpec(2, List.of(8), TimeConditioning.CONCAT, Activation.SOFTPLUS);

    private record Model(SequentialFlow flow, ParameterStore store) {
    }

    /** Builds the flow; with {@code shared} given, binds to it instead of a fresh store (same layout). */
    private static Model model(SolverConfig solver, GradientMode mode, ParameterStore shared) {
        return model(solver, mode, shared, Regularization.NONE);
    }

    private static Model model(SolverConfig solver, GradientMode mode, ParameterStore shared, Regularization reg) {
        ParameterStore.Builder b = ParameterStore.builder();
        MlpDynamics f = new MlpDynamics(SPEC_A, b, "cnf0");
        MlpDynamics g = new MlpDynamics(SPEC_B, b, "cnf1");
        ParameterStore store = shared != null ? shared : b.build(DataType.DOUBLE, 11);
        SequentialFlow flow = new SequentialFlow(List.of(
                new Cnf(f, new CnfConfig(0.8, DivergenceMode.HUTCHINSON_RADEMACHER, solver,
                        DivergenceMode.EXACT, solver, mode, reg), 5),
                new Cnf(g, new CnfConfig(0.5, DivergenceMode.HUTCHINSON_GAUSSIAN, solver,
                        DivergenceMode.EXACT, solver, mode, reg), 6)));
        flow.bind(store);
        return new Model(flow, store);
    }

    /** NLL = -mean_b [log N(z_b) + logdet_b]. */
    private static double loss(Model m, INDArray x) {
        INDArray logdet = Nd4j.zeros(DataType.DOUBLE, x.rows(), 1);
        INDArray z = m.flow().encode(x, logdet, Pass.TRAIN);
        return -StandardNormal.logDensity(z).addi(logdet).meanNumber().doubleValue();
    }

    private static INDArray[] analytic(Model m, INDArray x) {
        int batch = (int) x.rows();
        INDArray logdet = Nd4j.zeros(DataType.DOUBLE, batch, 1);
        INDArray z = m.flow().encode(x, logdet, Pass.TRAIN);
        m.store().zeroGradients();
        // dNLL/dz = z / B, dNLL/dlogdet = -1 / B
        INDArray gx = m.flow().backward(z.div(batch), Nd4j.valueArrayOf(new long[] {batch, 1}, -1.0 / batch,
                DataType.DOUBLE));
        return new INDArray[] {m.store().gradients().dup(), gx.dup()};
    }

    private static void check(SolverConfig solver, GradientMode mode, double tolerance, int stride) {
        Model m = model(solver, mode, null);
        m.store().values().muli(1.5);
        INDArray x = Nd4j.createFromArray(new double[][] {{0.5, -1.0}, {1.5, 0.3}, {-0.7, 0.9}});
        INDArray[] grads = analytic(m, x);
        INDArray theta = m.store().values();
        double worst = 0;
        for (long i = 0; i < theta.length(); i += stride) {
            double old = theta.getDouble(i);
            theta.putScalar(i, old + H);
            double lp = loss(model(solver, mode, m.store()), x);
            theta.putScalar(i, old - H);
            double lm = loss(model(solver, mode, m.store()), x);
            theta.putScalar(i, old);
            double fd = (lp - lm) / (2 * H);
            worst = Math.max(worst, Math.abs(fd - grads[0].getDouble(i)) / (1e-4 + Math.abs(fd)));
        }
        assertTrue(worst < tolerance, mode + " parameter gradient relative error " + worst);
        double worstX = 0;
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < 2; c++) {
                INDArray p = x.dup();
                p.putScalar(r, c, x.getDouble(r, c) + H);
                INDArray q = x.dup();
                q.putScalar(r, c, x.getDouble(r, c) - H);
                double fd = (loss(model(solver, mode, m.store()), p) - loss(model(solver, mode, m.store()), q))
                        / (2 * H);
                worstX = Math.max(worstX, Math.abs(fd - grads[1].getDouble(r, c)) / (1e-4 + Math.abs(fd)));
            }
        }
        assertTrue(worstX < tolerance, mode + " input gradient relative error " + worstX);
    }

    @Test
    void backpropThroughRk4IsTheExactGradientOfTheDiscretizedLoss() {
        // exact derivative of the computed loss, so only finite-difference error (~1e-9 relative) remains
        // every 3rd parameter keeps the run short; all layers and parameter kinds are still visited
        check(SolverConfig.rk4(3), GradientMode.BACKPROP, 1e-6, 3);
    }

    @Test
    void backpropThroughMidpointAndEuler() {
        check(SolverConfig.midpoint(2), GradientMode.BACKPROP, 1e-6, 5);
        check(SolverConfig.euler(3), GradientMode.BACKPROP, 1e-6, 7);
    }

    @Test
    void adjointMatchesFiniteDifferencesOfTheTightlySolvedLoss() {
        // the adjoint is the gradient of the continuous loss; both it and the FD loss carry dopri5 error at 1e-10
        // tolerances, which ~1e-10 / H = 1e-5 bounds in the differences: hence 1e-4 here
        // every 8th parameter (a dopri5 solve per difference is slow); every layer is still visited
        check(SolverConfig.dopri5(1e-10, 1e-10), GradientMode.ADJOINT, 1e-4, 8);
    }

    @Test
    void adjointWithAFixedGridIsCloseToBackprop() {
        Model back = model(SolverConfig.rk4(20), GradientMode.BACKPROP, null);
        Model adj = model(SolverConfig.rk4(20), GradientMode.ADJOINT, null);
        INDArray x = Nd4j.createFromArray(new double[][] {{0.5, -1.0}, {1.5, 0.3}});
        INDArray gb = analytic(back, x)[0];
        INDArray ga = analytic(adj, x)[0];
        // both approximate the continuous gradient with O(h^4) error at h = 0.04
        double rel = gb.distance2(ga) / gb.norm2Number().doubleValue();
        assertTrue(rel < 1e-5, "adjoint vs backprop relative difference " + rel);
    }

    /** NLL plus the RNODE penalties of both blocks. */
    private static double regularizedLoss(Model m, INDArray x) {
        double nll = loss(m, x);
        for (FlowLayer l : m.flow().layers()) {
            nll += ((Cnf) l).lastRegularizationLoss();
        }
        return nll;
    }

    @Test
    void rnodePenaltiesGetTheirExactGradient() {
        Regularization reg = new Regularization(0.3, 0.2);
        SolverConfig rk4 = SolverConfig.rk4(2);
        Model m = model(rk4, GradientMode.BACKPROP, null, reg);
        m.store().values().muli(1.5);
        INDArray x = Nd4j.createFromArray(new double[][] {{0.5, -1.0}, {1.5, 0.3}, {-0.7, 0.9}});
        INDArray g = analytic(m, x)[0];
        double penalty = regularizedLoss(model(rk4, GradientMode.BACKPROP, m.store(), reg), x)
                - loss(model(rk4, GradientMode.BACKPROP, m.store(), Regularization.NONE), x);
        assertTrue(penalty > 1e-3, "the penalty should be non-trivial: " + penalty);
        double worst = 0;
        INDArray theta = m.store().values();
        for (long i = 0; i < theta.length(); i += 4) {
            double old = theta.getDouble(i);
            theta.putScalar(i, old + H);
            double lp = regularizedLoss(model(rk4, GradientMode.BACKPROP, m.store(), reg), x);
            theta.putScalar(i, old - H);
            double lm = regularizedLoss(model(rk4, GradientMode.BACKPROP, m.store(), reg), x);
            theta.putScalar(i, old);
            double fd = (lp - lm) / (2 * H);
            worst = Math.max(worst, Math.abs(fd - g.getDouble(i)) / (1e-4 + Math.abs(fd)));
        }
        assertTrue(worst < 1e-6, "regularized gradient relative error " + worst);
    }
}
