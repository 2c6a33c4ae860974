package dev.hetflow.ffjord.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.params.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The label-mean dynamics: tangents are the free net's, the exact divergence is the trace the tangents leave out, and
 * the reverse pass matches central differences (tolerances of {@link DynamicsCheck}).
 */
class LabelMeanDynamicsTest {

    private static final int H = 4;
    private static final int W = 6;
    private LabelMeanDynamics net;
    private ParameterStore store;

    @BeforeEach
    void build() {
        ParameterStore.Builder b = ParameterStore.builder();
        net = new LabelMeanDynamics(new ConvSpec(4, H, W, List.of(3), Activation.SOFTPLUS), 2, b, "net");
        store = b.build(DataType.DOUBLE, 5);
        // every parameter non-zero, the rate and the centres included
        store.values().addi(Nd4j.rand(DataType.DOUBLE, store.size()).subi(0.5).muli(0.2));
        net.bind(store);
    }

    @Test
    void tangentRowsCarryTheFreeNetOnly() {
        int batch = 2;
        INDArray in = DynamicsCheck.random(new Random(1), 2 * batch, net.dim());
        INDArray mine = DynamicsCheck.eval(net, net.newTape(batch, 1), in);
        INDArray free = DynamicsCheck.eval(net.free(), net.free().newTape(batch, 1), in);
        assertEquals(0, Rows.block(mine, 1, batch).distance2(Rows.block(free, 1, batch)), 1e-12);
        assertTrue(Rows.block(mine, 0, batch).distance2(Rows.block(free, 0, batch)) > 1e-3);
        // frames are untouched by the term: the first two channels of the primal rows agree
        for (int c = 0; c < 2 * H * W; c++) {
            assertEquals(free.getDouble(0, c), mine.getDouble(0, c), 1e-12);
        }
    }

    @Test
    void exactDivergenceIsTheTraceTheTangentsLeaveOut() {
        int d = net.dim();
        INDArray z = DynamicsCheck.random(new Random(2), 1, d);
        Dynamics.Tape primal = net.newTape(1, 0);
        Dynamics.Tape freePrimal = net.free().newTape(1, 0);
        double h = DynamicsCheck.H;
        double difference = 0;
        for (int i = 0; i < d; i++) {
            INDArray p = z.dup();
            p.putScalar(0, i, z.getDouble(0, i) + h);
            INDArray m = z.dup();
            m.putScalar(0, i, z.getDouble(0, i) - h);
            difference += (DynamicsCheck.eval(net, primal, p).getDouble(0, i)
                    - DynamicsCheck.eval(net, primal, m).getDouble(0, i)
                    - DynamicsCheck.eval(net.free(), freePrimal, p).getDouble(0, i)
                    + DynamicsCheck.eval(net.free(), freePrimal, m).getDouble(0, i)) / (2 * h);
        }
        // 96 central differences, each ~1e-10 off: 1e-7 absolute is strict against a rate of order 0.1..1
        assertEquals(difference, net.exactDivergence(DynamicsCheck.T), 1e-7);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        DynamicsCheck.backwardMatchesFiniteDifferences(net, store, 2, 1, 3, 1);
    }

    @Test
    void exactDivergenceGradientMatchesFiniteDifferences() {
        store.zeroGradients();
        double t = DynamicsCheck.T;
        net.backwardExactDivergence(t, 1.5, 0.5);
        INDArray grad = store.gradients().dup().divi(0.75);
        INDArray theta = store.values();
        long offset = store.slot("net.mean").offset();
        for (int k = 0; k < 2; k++) {
            double old = theta.getDouble(offset + k);
            theta.putScalar(offset + k, old + DynamicsCheck.H);
            double lp = net.exactDivergence(t);
            theta.putScalar(offset + k, old - DynamicsCheck.H);
            double lm = net.exactDivergence(t);
            theta.putScalar(offset + k, old);
            // exactDivergence is linear in the coefficients: differences are exact up to rounding
            assertEquals((lp - lm) / (2 * DynamicsCheck.H), grad.getDouble(offset + k), 1e-6, "mean[" + k + "]");
        }
    }
}
