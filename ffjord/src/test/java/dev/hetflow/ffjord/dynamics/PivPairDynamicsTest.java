package dev.hetflow.ffjord.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.params.ParameterStore;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The PIV pair dynamics: tangents are the free net's, the exact divergence is the trace the tangents leave out, and
 * the reverse pass matches central differences (tolerances of {@link DynamicsCheck}).
 */
class PivPairDynamicsTest {

    private static final int H = 4;
    private static final int W = 6;
    private PivPairDynamics net;
    private ParameterStore store;

    /** With the free net and every term, or the closed-form block alone (no net; pair and plane terms). */
    private void build(boolean withNet) {
        ParameterStore.Builder b = ParameterStore.builder();
        net = withNet
                ? new PivPairDynamics(new ConvSpec(4, H, W, List.of(3), Activation.SOFTPLUS), H, W, 4.0,
                        EnumSet.allOf(PivPairDynamics.Term.class), b, "pair")
                : new PivPairDynamics(null, H, W, 4.0, EnumSet.of(PivPairDynamics.Term.PAIR,
                        PivPairDynamics.Term.PLANE), b, "pair");
        store = b.build(DataType.DOUBLE, 5);
        // every parameter non-zero, the pair and plane coefficients included
        store.values().addi(Nd4j.rand(DataType.DOUBLE, store.size()).subi(0.5).muli(0.2));
        net.bind(store);
    }

    private static INDArray input(int rows, int dim, long seed) {
        Random rng = new Random(seed);
        INDArray z = DynamicsCheck.random(rng, rows, dim).muli(0.3);
        // label planes near their middle, so the decoded displacement is a fraction of the 4 px range
        for (int r = 0; r < rows; r++) {
            for (int c = 2 * H * W; c < dim; c++) {
                z.putScalar(r, c, 0.5 + 0.05 * z.getDouble(r, c));
            }
        }
        return z;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void tangentRowsCarryTheFreeNetOnly(boolean withNet) {
        build(withNet);
        int batch = 2;
        INDArray in = input(2 * batch, net.dim(), 1);
        INDArray mine = DynamicsCheck.eval(net, net.newTape(batch, 1), in);
        INDArray free = withNet ? DynamicsCheck.eval(net.free(), net.free().newTape(batch, 1), in)
                : Nd4j.zeros(DataType.DOUBLE, 2 * batch, net.dim());
        assertEquals(0, Rows.block(mine, 1, batch).distance2(Rows.block(free, 1, batch)), 1e-12);
        // the primal rows differ by the pair and plane terms
        assertTrue(Rows.block(mine, 0, batch).distance2(Rows.block(free, 0, batch)) > 1e-3);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void exactDivergenceIsTheTraceTheTangentsLeaveOut(boolean withNet) {
        build(withNet);
        int d = net.dim();
        INDArray z = input(1, d, 2);
        Dynamics.Tape primal = net.newTape(1, 0);
        Dynamics.Tape freePrimal = withNet ? net.free().newTape(1, 0) : null;
        double traceF = 0;
        double traceG = 0;
        double h = DynamicsCheck.H;
        for (int i = 0; i < d; i++) {
            INDArray p = z.dup();
            p.putScalar(0, i, z.getDouble(0, i) + h);
            INDArray m = z.dup();
            m.putScalar(0, i, z.getDouble(0, i) - h);
            traceF += (DynamicsCheck.eval(net, primal, p).getDouble(0, i)
                    - DynamicsCheck.eval(net, primal, m).getDouble(0, i)) / (2 * h);
            traceG += !withNet ? 0 : (DynamicsCheck.eval(net.free(), freePrimal, p).getDouble(0, i)
                    - DynamicsCheck.eval(net.free(), freePrimal, m).getDouble(0, i)) / (2 * h);
        }
        // 96 central differences, each ~1e-10 off: 1e-7 absolute is strict against rates of order 0.1..10
        assertEquals(traceF - traceG, net.exactDivergence(DynamicsCheck.T), 1e-7);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void backwardMatchesFiniteDifferences(boolean withNet) {
        build(withNet);
        DynamicsCheck.backwardMatchesFiniteDifferences(net, store, 2, 1, 3, 1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void exactDivergenceGradientMatchesFiniteDifferences(boolean withNet) {
        build(withNet);
        store.zeroGradients();
        double t = DynamicsCheck.T;
        net.backwardExactDivergence(t, 1.5, 0.5);
        INDArray grad = store.gradients().dup().divi(0.75);
        INDArray theta = store.values();
        for (String slot : withNet ? List.of("pair.pair", "pair.plane", "pair.mean") : List.of("pair.pair",
                "pair.plane")) {
            long offset = store.slot(slot).offset();
            for (int k = 0; k < 2; k++) {
                double old = theta.getDouble(offset + k);
                theta.putScalar(offset + k, old + DynamicsCheck.H);
                double lp = net.exactDivergence(t);
                theta.putScalar(offset + k, old - DynamicsCheck.H);
                double lm = net.exactDivergence(t);
                theta.putScalar(offset + k, old);
                // exactDivergence is linear in the coefficients: differences are exact up to rounding
                assertEquals((lp - lm) / (2 * DynamicsCheck.H), grad.getDouble(offset + k), 1e-6, slot + "[" + k + "]");
            }
        }
    }
}
