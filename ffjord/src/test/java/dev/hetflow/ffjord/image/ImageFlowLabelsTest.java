package dev.hetflow.ffjord.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.cnf.CnfConfig;
import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.FlowLayers;
import dev.hetflow.ffjord.cnf.GradientMode;
import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.cnf.SequentialFlow;
import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.params.ParameterStore;
import dev.hetflow.ffjord.solver.SolverConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Label channels stay in the multiscale flow down to its coarsest level; only image dimensions are factored out. */
class ImageFlowLabelsTest {

    private static SequentialFlow flow(ImageLayout layout, int scales, SolverConfig eval, ParameterStore[] out) {
        ParameterStore.Builder b = ParameterStore.builder();
        CnfConfig cnf = new CnfConfig(0.5, DivergenceMode.HUTCHINSON_RADEMACHER, SolverConfig.rk4(2),
                DivergenceMode.EXACT, eval, GradientMode.BACKPROP);
        SequentialFlow flow = ImageFlow.build(new ImageModelSpec(layout, scales, List.of(4), Activation.SOFTPLUS,
                1e-6, cnf), b, 9);
        ParameterStore store = b.build(DataType.DOUBLE, 4);
        flow.bind(store);
        out[0] = store;
        return flow;
    }

    /** The factor-outs' kept widths, outermost first, and the number of channel permutations. */
    private record Structure(List<Integer> kept, int permutations) {
    }

    private static Structure structure(FlowLayer flow) {
        List<FlowLayer> layers = FlowLayers.all(flow);
        List<Integer> kept = layers.stream().filter(l -> l instanceof FactorOut).map(l -> ((FactorOut) l).kept())
                .toList();
        int permutations = (int) layers.stream().filter(l -> l instanceof ChannelPermutation).count();
        return new Structure(kept, permutations);
    }

    @Test
    void everyLabelDimensionReachesTheCoarsestLevel() {
        // 1 image + 1 label channel, 8x8, 3 scales: [2, 8, 8] -> squeeze [8, 4, 4] (labels 4..7 moved to the front),
        // keep 4 + 2 = 6 channels; [6, 4, 4] -> squeeze [24, 2, 2] (labels 0..15 already in front), keep
        // 16 + 2 (6 - 4) = 20 channels at the coarsest level
        ImageLayout layout = new ImageLayout(1, 1, 8, 8, 10);
        ParameterStore[] s = new ParameterStore[1];
        SequentialFlow flow = flow(layout, 3, SolverConfig.rk4(2), s);
        // zero dynamics: every CNF block is the identity, so the flow is the elementwise logit followed by the fixed
        // routing (squeezes, permutation, factor-outs). Perturbing input dimension j moves exactly one latent
        // column; the coarsest level's output is the latent's first 20 * 4 columns (each factor-out writes
        // concat(inner, factored))
        s[0].values().assign(0);
        int d = layout.dim();
        INDArray x = Nd4j.valueArrayOf(new long[] {d + 1, d}, 0.5, DataType.DOUBLE);
        for (int j = 0; j < d; j++) {
            x.putScalar(j + 1, j, 0.6);
        }
        INDArray z = flow.encode(x, Nd4j.zeros(DataType.DOUBLE, d + 1, 1), Pass.EVAL);
        boolean[] hit = new boolean[d];
        for (int j = 0; j < d; j++) {
            List<Integer> moved = new ArrayList<>();
            for (int k = 0; k < d; k++) {
                if (z.getDouble(j + 1, k) != z.getDouble(0, k)) {
                    moved.add(k);
                }
            }
            assertEquals(1, moved.size(), "input " + j + " moved latent columns " + moved);
            int k = moved.get(0);
            hit[k] = true;
            if (j >= layout.imageDims()) {
                // label pixel: it reaches the coarsest level (columns 0..79), in its label-derived front channels
                assertTrue(k < layout.labelDims(), "label input " + j + " reached latent column " + k
                        + ", not the coarsest level's label-derived columns 0.." + (layout.labelDims() - 1));
            }
        }
        for (int k = 0; k < d; k++) {
            assertTrue(hit[k], "the routing is a permutation: column " + k + " is reached");
        }
        assertEquals(new Structure(List.of(6 * 16, 20 * 4), 1), structure(flow));
    }

    @Test
    void aHomogeneousFlowKeepsHalfTheChannelsWithoutAPermutation() {
        ParameterStore[] s = new ParameterStore[1];
        // FFJORD's own odenvp: [1, 8, 8] -> [4, 4, 4] keep 2 -> [8, 2, 2] keep 4
        assertEquals(new Structure(List.of(2 * 16, 4 * 4), 0),
                structure(flow(new ImageLayout(1, 0, 8, 8, 0), 3, SolverConfig.rk4(2), s)));
    }

    @Test
    void heterogeneousFlowLogDetMatchesTheFiniteDifferenceJacobian() {
        // [2, 4, 4] (1 image + 1 label channel), 2 scales: logit, CNFs, squeeze, CNFs, permutation, factor-out of
        // 2 of 8 channels, CNFs on the 6 kept: 32 dims
        ImageLayout layout = new ImageLayout(1, 1, 4, 4, 10);
        ParameterStore[] s = new ParameterStore[1];
        // exact divergence and a tight adaptive solve: the reported logdet is the log|det| of the encode map up to
        // the solver tolerance
        SequentialFlow flow = flow(layout, 2, SolverConfig.dopri5(1e-10, 1e-10), s);
        int d = layout.dim();
        Random r = new Random(3);
        double h = 1e-4;
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 2 * d + 1, d);
        for (int k = 0; k < d; k++) {
            x.putScalar(0, k, 0.25 + 0.5 * r.nextDouble());
        }
        for (int j = 0; j < d; j++) {
            x.putRow(2 * j + 1, x.getRow(0));
            x.putRow(2 * j + 2, x.getRow(0));
            x.putScalar(2 * j + 1, j, x.getDouble(0, j) + h);
            x.putScalar(2 * j + 2, j, x.getDouble(0, j) - h);
        }
        INDArray logdet = Nd4j.zeros(DataType.DOUBLE, 2 * d + 1, 1);
        INDArray z = flow.encode(x, logdet, Pass.EVAL);
        double[][] jac = new double[d][d];
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < d; k++) {
                jac[k][j] = (z.getDouble(2 * j + 1, k) - z.getDouble(2 * j + 2, k)) / (2 * h);
            }
        }
        // central differences: O(h^2) = 1e-8 truncation at x in [0.25, 0.75] plus solver error 1e-10 / h = 1e-6 per
        // entry; measured difference 7e-7 nats of 48.35
        assertEquals(Determinants.logAbsDet(jac), logdet.getDouble(0, 0), 1e-5);
    }
}
