package dev.hetflow.ffjord.cnf;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** CNF results against closed forms: linear dynamics, invertibility, NFE bookkeeping. */
class CnfExactResultsTest {

    private static final double[][] A = {{-0.5, 0.8, 0.1}, {0.3, 0.4, -0.2}, {0.0, -0.6, 0.2}};

    @Test
    void linearDynamicsGiveTheAnalyticGaussianLogDensity() {
        ParameterStore.Builder b = ParameterStore.builder();
        LinearDynamics f = new LinearDynamics(3, b);
        ParameterStore store = b.build(DataType.DOUBLE, 1);
        store.value(f.slot()).assign(Nd4j.createFromArray(A));
        double time = 1.3;
        SolverConfig tight = SolverConfig.dopri5(1e-11, 1e-11);
        Cnf cnf = new Cnf(f, new CnfConfig(time, DivergenceMode.EXACT, tight, DivergenceMode.EXACT, tight,
                GradientMode.ADJOINT), 1);
        SequentialFlow flow = new SequentialFlow(List.of(cnf));
        flow.bind(store);
        INDArray x = Nd4j.createFromArray(new double[][] {{0.3, -1.2, 0.7}, {2.0, 0.1, -0.4}});
        INDArray logp = flow.logDensity(x);

        // encode maps x to z = e^{AT} x, so log p(x) = log N(e^{AT} x) + T tr(A) (change of variables; equivalently
        // log N(e^{-A'T} x) - T tr(A') for the generative dynamics A' = -A)
        double[][] expAT = MatrixExp.exp(A, time);
        double trace = A[0][0] + A[1][1] + A[2][2];
        for (int r = 0; r < 2; r++) {
            double sq = 0;
            for (int i = 0; i < 3; i++) {
                double zi = 0;
                for (int j = 0; j < 3; j++) {
                    zi += expAT[i][j] * x.getDouble(r, j);
                }
                sq += zi * zi;
            }
            double expected = -0.5 * sq - 1.5 * Math.log(2 * Math.PI) + time * trace;
            // dopri5 at 1e-11 tolerances: global error well below 1e-8 over this short smooth solve
            assertEquals(expected, logp.getDouble(r, 0), 1e-8);
        }
    }

    @Test
    void fixedStepRk4ConvergesToTheAnalyticDensityAtFourthOrder() {
        ParameterStore.Builder b = ParameterStore.builder();
        LinearDynamics f = new LinearDynamics(3, b);
        ParameterStore store = b.build(DataType.DOUBLE, 1);
        store.value(f.slot()).assign(Nd4j.createFromArray(A));
        INDArray x = Nd4j.createFromArray(new double[][] {{0.3, -1.2, 0.7}});
        double[] errors = new double[2];
        double exact = Double.NaN;
        for (int i = 0; i < 2; i++) {
            int steps = 4 << i;
            Cnf cnf = new Cnf(f, new CnfConfig(1.0, DivergenceMode.EXACT, SolverConfig.rk4(steps),
                    DivergenceMode.EXACT, SolverConfig.rk4(steps), GradientMode.BACKPROP), 1);
            cnf.bind(store);
            INDArray logdet = Nd4j.zeros(DataType.DOUBLE, 1, 1);
            INDArray z = cnf.encode(x, logdet, Pass.EVAL);
            assertEquals(4L * steps, cnf.lastStats().evaluations(), "RK4 makes 4 evaluations per step");
            double[][] e = MatrixExp.exp(A, 1.0);
            double err = 0;
            for (int r = 0; r < 3; r++) {
                double zr = 0;
                for (int c = 0; c < 3; c++) {
                    zr += e[r][c] * x.getDouble(0, c);
                }
                err = Math.max(err, Math.abs(zr - z.getDouble(0, r)));
            }
            errors[i] = err;
            exact = A[0][0] + A[1][1] + A[2][2];
            // the trace of a linear field is constant, so logdet = T tr A is integrated exactly by any RK method
            assertEquals(exact, logdet.getDouble(0, 0), 1e-12);
        }
        double ratio = errors[0] / errors[1];
        assertTrue(ratio > 12 && ratio < 20, "halving h should cut RK4's error ~16x, got " + ratio);
    }

    @Test
    void decodeInvertsEncodeWithinSolverTolerance() {
        ParameterStore.Builder b = ParameterStore.builder();
        MlpDynamics f = new MlpDynamics(new MlpSpec(2, List.of(16, 16), TimeConditioning.CONCATSQUASH,
                Activation.TANH), b, "cnf0");
        MlpDynamics g = new MlpDynamics(new MlpSpec(2, List.of(16), TimeConditioning.CONCAT,
                Activation.SOFTPLUS), b, "cnf1");
        ParameterStore store = b.build(DataType.DOUBLE, 3);
        store.values().muli(2); // a clearly non-identity flow
        SolverConfig tol = SolverConfig.dopri5(1e-9, 1e-9);
        SequentialFlow flow = new SequentialFlow(List.of(
                new Cnf(f, new CnfConfig(1.0, DivergenceMode.HUTCHINSON_RADEMACHER, tol, DivergenceMode.EXACT, tol,
                        GradientMode.ADJOINT), 1),
                new Cnf(g, new CnfConfig(0.5, DivergenceMode.HUTCHINSON_RADEMACHER, tol, DivergenceMode.EXACT, tol,
                        GradientMode.ADJOINT), 2)));
        flow.bind(store);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 64, 2);
        INDArray z = flow.encode(x, Nd4j.zeros(DataType.DOUBLE, 64, 1), Pass.EVAL);
        assertTrue(z.distance2(x) > 0.5, "the flow should move the points");
        INDArray back = flow.decode(z);
        // two dopri5 solves at 1e-9 each way; 1e-6 leaves room for error growth along the trajectories
        assertEquals(0, back.sub(x).amaxNumber().doubleValue(), 1e-6);
    }

    @Test
    void rnodeIntegralsOfLinearDynamicsMatchQuadrature() {
        ParameterStore.Builder b = ParameterStore.builder();
        LinearDynamics f = new LinearDynamics(3, b);
        ParameterStore store = b.build(DataType.DOUBLE, 1);
        store.value(f.slot()).assign(Nd4j.createFromArray(A));
        double time = 0.9;
        Cnf cnf = new Cnf(f, new CnfConfig(time, DivergenceMode.EXACT, SolverConfig.rk4(64), DivergenceMode.EXACT,
                SolverConfig.rk4(64), GradientMode.BACKPROP, new Regularization(1, 0)), 1);
        cnf.bind(store);
        double[] x = {0.3, -1.2, 0.7};
        cnf.encode(Nd4j.createFromArray(x).reshape(1, 3), Nd4j.zeros(DataType.DOUBLE, 1, 1), Pass.TRAIN);
        double kinetic = cnf.lastRegularizationLoss();
        // K = int_0^T ||A e^{At} x||^2 dt by Simpson's rule on 2000 intervals (error ~1e-12)
        int n = 2000;
        double expected = 0;
        for (int i = 0; i <= n; i++) {
            double t = time * i / n;
            double[][] e = MatrixExp.exp(A, t);
            double[] z = new double[3];
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    z[r] += e[r][c] * x[c];
                }
            }
            double sq = 0;
            for (int r = 0; r < 3; r++) {
                double fr = 0;
                for (int c = 0; c < 3; c++) {
                    fr += A[r][c] * z[c];
                }
                sq += fr * fr;
            }
            double w = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
            expected += w * sq;
        }
        expected *= time / n / 3;
        // RK4 with h = 0.014 on this smooth integrand: error ~1e-9
        assertEquals(expected, kinetic, 1e-7);

        Cnf jac = new Cnf(f, new CnfConfig(time, DivergenceMode.EXACT, SolverConfig.rk4(4), DivergenceMode.EXACT,
                SolverConfig.rk4(4), GradientMode.BACKPROP, new Regularization(0, 1)), 1);
        jac.bind(store);
        jac.encode(Nd4j.createFromArray(x).reshape(1, 3), Nd4j.zeros(DataType.DOUBLE, 1, 1), Pass.TRAIN);
        double frobenius = 0;
        for (double[] row : A) {
            for (double v : row) {
                frobenius += v * v;
            }
        }
        // with the exact probes e_k, sum_k ||A e_k||^2 = ||A||_F^2, constant in time
        assertEquals(time * frobenius, jac.lastRegularizationLoss(), 1e-12);
    }
}
