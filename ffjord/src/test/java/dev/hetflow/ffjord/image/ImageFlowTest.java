package dev.hetflow.ffjord.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.cnf.CnfConfig;
import dev.hetflow.ffjord.cnf.GradientMode;
import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.cnf.SequentialFlow;
import dev.hetflow.ffjord.cnf.StandardNormal;
import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.params.ParameterStore;
import dev.hetflow.ffjord.solver.SolverConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The multiscale image model on a tiny image with a label channel: invertible, and its gradients are right. */
class ImageFlowTest {

    private static final ImageLayout LAYOUT = new ImageLayout(1, 1, 4, 4, 10);

    private static SequentialFlow[] build(SolverConfig solver, ParameterStore[] storeOut, ParameterStore shared) {
        ParameterStore.Builder b = ParameterStore.builder();
        SolverConfig train = solver instanceof SolverConfig.Fixed ? solver : SolverConfig.rk4(2);
        CnfConfig cnf = new CnfConfig(0.5, DivergenceMode.HUTCHINSON_RADEMACHER, train, DivergenceMode.EXACT, solver,
                GradientMode.BACKPROP);
        SequentialFlow flow = ImageFlow.build(new ImageModelSpec(LAYOUT, 2, List.of(4), Activation.SOFTPLUS, 1e-6,
                cnf), b, 9);
        ParameterStore store = shared != null ? shared : b.build(DataType.DOUBLE, 4);
        flow.bind(store);
        storeOut[0] = store;
        return new SequentialFlow[] {flow};
    }

    private static INDArray data() {
        INDArray x = new Dequantizer(LAYOUT, 3).dequantize(Nd4j.createFromArray(new double[][] {
            {0, 0.2, 0.4, 0.6, 0.8, 1, 0.1, 0.3, 0.5, 0.7, 0.9, 0.05, 0.15, 0.25, 0.35, 0.45,
                0.35, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35},
            {1, 1, 0.9, 0.8, 0.2, 0.1, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.3, 0.6, 0.9, 0.2,
                0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75}}));
        return x.castTo(DataType.DOUBLE);
    }

    @Test
    void multiscaleModelIsInvertibleAndGivesAFiniteBitsPerDim() {
        ParameterStore[] s = new ParameterStore[1];
        SequentialFlow flow = build(SolverConfig.dopri5(1e-9, 1e-9), s, null)[0];
        INDArray x = data();
        INDArray logdet = Nd4j.zeros(DataType.DOUBLE, 2, 1);
        INDArray z = flow.encode(x, logdet, Pass.EVAL);
        assertEquals(0, flow.decode(z).sub(x).amaxNumber().doubleValue(), 1e-6);
        double bpd = BitsPerDim.of(StandardNormal.logDensity(z).addi(logdet).getDouble(0, 0), LAYOUT);
        assertTrue(Double.isFinite(bpd) && bpd > 0, "bits/dim " + bpd);
    }

    private static double loss(SequentialFlow flow, INDArray x) {
        INDArray logdet = Nd4j.zeros(DataType.DOUBLE, x.rows(), 1);
        INDArray z = flow.encode(x, logdet, Pass.TRAIN);
        return -StandardNormal.logDensity(z).addi(logdet).meanNumber().doubleValue();
    }

    @Test
    void backpropThroughTheWholeModelMatchesFiniteDifferences() {
        SolverConfig rk4 = SolverConfig.rk4(2);
        ParameterStore[] s = new ParameterStore[1];
        SequentialFlow flow = build(rk4, s, null)[0];
        ParameterStore store = s[0];
        INDArray x = data();
        INDArray logdet = Nd4j.zeros(DataType.DOUBLE, 2, 1);
        INDArray z = flow.encode(x, logdet, Pass.TRAIN);
        store.zeroGradients();
        flow.backward(z.div(2), Nd4j.valueArrayOf(new long[] {2, 1}, -0.5, DataType.DOUBLE));
        INDArray grad = store.gradients().dup();
        double h = 1e-5;
        double worst = 0;
        // every 61st parameter: all CNF blocks of both scales are visited
        for (long i = 0; i < store.size(); i += 61) {
            double old = store.values().getDouble(i);
            store.values().putScalar(i, old + h);
            double lp = loss(build(rk4, s, store)[0], x);
            store.values().putScalar(i, old - h);
            double lm = loss(build(rk4, s, store)[0], x);
            store.values().putScalar(i, old);
            double fd = (lp - lm) / (2 * h);
            worst = Math.max(worst, Math.abs(fd - grad.getDouble(i)) / (1e-4 + Math.abs(fd)));
        }
        // exact gradient of the discretized loss: only finite-difference error remains
        assertTrue(worst < 1e-5, "relative gradient error " + worst);
    }
}
