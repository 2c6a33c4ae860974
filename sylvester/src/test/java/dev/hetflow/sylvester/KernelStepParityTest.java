package dev.hetflow.sylvester;

import dev.hetflow.sylvester.flows.FlowType;
import dev.hetflow.sylvester.train.BetaSchedule;
import dev.hetflow.sylvester.vae.ChannelLayout;
import dev.hetflow.sylvester.vae.VaeGraph;
import dev.hetflow.sylvester.vae.VaeKernelStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-written training step ({@link VaeKernelStep}) against the SameDiff graph it replaces: same weights,
 * batch, noise and beta in double precision give the same loss, per-example terms and gradients; plus its own
 * gradients against central finite differences.
 */
class KernelStepParityTest {

    private static final double BETA = 0.7;

    private static SylvesterConfig config(ChannelLayout layout, FlowType type) {
        return SylvesterConfig.defaults(layout).withSizes(5, 3, 12).withHouseholderReflections(3)
                .withFlows(type, type == FlowType.NONE ? 0 : 3).withDoublePrecision(true)
                .withBetaSchedule(BetaSchedule.constant(BETA)).withSeed(31);
    }

    /** Moves every parameter off its initial value so flows are far from the identity and biases nonzero. */
    private static void perturb(SylvesterVae vae, Random random) {
        SameDiff sd = vae.graph().sameDiff();
        for (String name : vae.graph().parameterNames()) {
            INDArray p = sd.getVariable(name).getArr();
            double scale = name.startsWith("flow") ? 0.3 : 0.05;
            for (long i = 0; i < p.length(); i++) {
                p.putScalar(i, p.getDouble(i) + scale * random.nextGaussian());
            }
        }
    }

    private static Map<String, INDArray> feed(ChannelLayout layout, int batch, int latent, Random random) {
        double[] values = new double[batch * layout.dimensions()];
        for (int i = 0; i < values.length; i++) {
            double u = random.nextDouble();
            values[i] = u < 0.2 ? 0.0 : u > 0.9 ? 1.0 : u;   // exact 0s and 1s exercise the edge bins
        }
        INDArray x = Nd4j.createFromArray(values).reshape(batch, layout.channels(), layout.height(), layout.width());
        Map<String, INDArray> feed = new HashMap<>(BatchInputs.placeholders(x, layout, DataType.DOUBLE));
        double[] eps = new double[batch * latent];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = random.nextGaussian();
        }
        feed.put(VaeGraph.EPS, Nd4j.createFromArray(eps).reshape(batch, latent));
        feed.put(VaeGraph.BETA, Nd4j.scalar(BETA));
        return feed;
    }

    @ParameterizedTest
    @EnumSource(value = FlowType.class, names = {"NONE", "HOUSEHOLDER", "TRIANGULAR"})
    void lossAndGradientsMatchTheGraph(FlowType type) {
        for (ChannelLayout layout : List.of(new ChannelLayout(1, 1, 28, 28), new ChannelLayout(3, 2, 32, 32))) {
            SylvesterVae vae = SylvesterVae.create(config(layout, type));
            Random random = new Random(5);
            perturb(vae, random);
            Map<String, INDArray> feed = feed(layout, 3, 5, random);
            SameDiff sd = vae.graph().sameDiff();
            List<String> names = vae.graph().parameterNames();
            OutAndGrad reference = sd.calculateGradientsAndOutputs(feed, List.of(VaeGraph.LOSS, VaeGraph.LOG_PX,
                    VaeGraph.LOG_Q0, VaeGraph.LOG_PZ, VaeGraph.LOG_DET), names);
            VaeKernelStep kernel = vae.kernelStep();
            assertNotNull(kernel, type + " has a kernel step");
            VaeKernelStep.Result result = kernel.run(feed, BETA);
            Map<String, INDArray> out = reference.getOutputs();
            // Both sides evaluate the same formulas in double; they differ in summation order and in libm versus
            // ND4J's transcendental functions, i.e. by a few ulps per term. The loss sums ~1e4 terms of size ~1e1,
            // so agreement to 1e-10 relative is what rounding allows with a wide margin (seen: about 1e-14); any
            // wrong term or missing factor is off by orders of magnitude more.
            double loss = out.get(VaeGraph.LOSS).getDouble(0);
            assertEquals(loss, result.loss(), 1e-10 * Math.abs(loss), type + " " + layout + " loss");
            assertRows(out.get(VaeGraph.LOG_PX), result.logPx(), "log p(x|z)");
            assertRows(out.get(VaeGraph.LOG_Q0), result.logQ0(), "log q0");
            assertRows(out.get(VaeGraph.LOG_PZ), result.logPz(), "log p(z)");
            assertRows(out.get(VaeGraph.LOG_DET), result.logDet(), "log det");
            double worst = 0;
            for (String name : names) {
                INDArray expected = reference.getGradients().get(name);
                INDArray actual = kernel.gradient(name);
                double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-300);
                double error = expected.sub(actual).amaxNumber().doubleValue() / scale;
                worst = Math.max(worst, error);
                // per parameter array, relative to its largest entry: same rounding argument as for the loss
                // (a GEMM gradient sums up to B H W = 3,072 products)
                assertTrue(error < 1e-9, type + " " + layout + " gradient of " + name + " off by " + error
                        + " of its scale " + scale);
            }
            System.out.printf("%s %s: loss %.6f, worst gradient error %.2e of scale%n", type, layout, loss, worst);
        }
    }

    /**
     * The float path (what training runs: bulk copies, heap-scratch adds, libnd4j's float ops) against the graph in
     * float on the same weights, batch and noise. Both round every op to float32 (2^-24 ~ 6e-8 relative) in
     * different orders over sums of up to ~1e4 terms; 1e-3 of each gradient array's scale and 1e-4 of the loss
     * leave that room many times over (seen: 2e-6 and 2e-7) and still catch any wrong term.
     */
    @ParameterizedTest
    @EnumSource(value = FlowType.class, names = {"NONE", "HOUSEHOLDER"})
    void floatStepMatchesTheFloatGraph(FlowType type) {
        floatStepMatches(config(new ChannelLayout(1, 1, 28, 28), type).withDoublePrecision(false), type);
    }

    /**
     * As above with the benchmark's 16 conv channels: the conv layers' outputs are then 16 and 32 wide, multiples
     * of the SIMD lane count, so their products run in the Vector API GEMMs (optim's lanes.LaneGemm) rather than
     * BLAS.
     */
    @Test
    void floatStepWithSixteenChannelsMatchesTheFloatGraph() {
        floatStepMatches(config(new ChannelLayout(1, 1, 28, 28), FlowType.NONE).withSizes(5, 16, 32)
                .withDoublePrecision(false), FlowType.NONE);
    }

    private static void floatStepMatches(SylvesterConfig config, FlowType type) {
        ChannelLayout layout = config.layout();
        SylvesterVae vae = SylvesterVae.create(config);
        Random random = new Random(9);
        perturb(vae, random);
        Map<String, INDArray> feed = new HashMap<>();
        for (Map.Entry<String, INDArray> e : feed(layout, 4, 5, random).entrySet()) {
            feed.put(e.getKey(), e.getValue().castTo(DataType.FLOAT));
        }
        List<String> names = vae.graph().parameterNames();
        OutAndGrad reference = vae.graph().sameDiff().calculateGradientsAndOutputs(feed, List.of(VaeGraph.LOSS),
                names);
        VaeKernelStep.Result result = vae.kernelStep().run(feed, BETA);
        double loss = reference.getOutputs().get(VaeGraph.LOSS).getDouble(0);
        assertEquals(loss, result.loss(), 1e-4 * Math.abs(loss), type + " float loss");
        double worst = 0;
        for (String name : names) {
            INDArray expected = reference.getGradients().get(name).castTo(DataType.DOUBLE);
            INDArray actual = vae.kernelStep().gradient(name).castTo(DataType.DOUBLE);
            double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-30);
            double error = expected.sub(actual).amaxNumber().doubleValue() / scale;
            worst = Math.max(worst, error);
            assertTrue(error < 1e-3, type + " float gradient of " + name + " off by " + error + " of its scale");
        }
        System.out.printf("%s float: loss %.4f vs %.4f, worst gradient error %.2e of scale%n", type, loss,
                result.loss(), worst);
    }

    private static void assertRows(INDArray expected, double[] actual, String what) {
        for (int i = 0; i < actual.length; i++) {
            double e = expected.getDouble(i);
            assertEquals(e, actual[i], 1e-10 * Math.max(1, Math.abs(e)), what + " of example " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = FlowType.class, names = {"NONE", "HOUSEHOLDER", "TRIANGULAR"})
    void gradientsMatchCentralDifferences(FlowType type) {
        ChannelLayout layout = new ChannelLayout(1, 1, 28, 28);
        SylvesterVae vae = SylvesterVae.create(SylvesterConfig.defaults(layout).withSizes(3, 2, 5)
                .withHouseholderReflections(2).withFlows(type, type == FlowType.NONE ? 0 : 2)
                .withDoublePrecision(true).withBetaSchedule(BetaSchedule.constant(BETA)).withSeed(17));
        Random random = new Random(23);
        perturb(vae, random);
        Map<String, INDArray> feed = feed(layout, 2, 3, random);
        VaeKernelStep kernel = vae.kernelStep();
        kernel.run(feed, BETA);
        Map<String, INDArray> analytic = new HashMap<>();
        for (String name : vae.graph().parameterNames()) {
            analytic.put(name, kernel.gradient(name).dup());
        }
        int checked = 0;
        for (String name : vae.graph().parameterNames()) {
            INDArray parameter = vae.graph().sameDiff().getVariable(name).getArr();
            for (int probe = 0; probe < 2; probe++) {
                long index = random.nextInt((int) parameter.length());
                double h = 1e-5;
                double coarse = centralDifference(kernel, feed, parameter, index, h);
                double fine = centralDifference(kernel, feed, parameter, index, h / 2);
                // As in GradientCheckTest: Richardson's (4 fine - coarse) / 3 has error O(h^4); rounding is about
                // 1e-16 |loss| / h ~ 1e-8 for |loss| ~ 1e3, and |coarse - fine| bounds the truncation left.
                double numeric = (4 * fine - coarse) / 3;
                double tolerance = 1e-6 + 1e-5 * Math.abs(numeric) + Math.abs(coarse - fine);
                assertEquals(numeric, analytic.get(name).getDouble(index), tolerance,
                        type + " " + name + "[" + index + "]");
                checked++;
            }
        }
        assertTrue(checked > 20);
    }

    private static double centralDifference(VaeKernelStep kernel, Map<String, INDArray> feed, INDArray parameter,
            long index, double h) {
        double original = parameter.getDouble(index);
        parameter.putScalar(index, original + h);
        double plus = kernel.run(feed, BETA).loss();
        parameter.putScalar(index, original - h);
        double minus = kernel.run(feed, BETA).loss();
        parameter.putScalar(index, original);
        return (plus - minus) / (2 * h);
    }

    @Test
    void flowsWithoutKernelsKeepTheGraphsGradient() {
        ChannelLayout layout = new ChannelLayout(1, 0, 28, 28);
        for (FlowType type : List.of(FlowType.PLANAR, FlowType.ORTHOGONAL)) {
            assertNull(SylvesterVae.create(config(layout, type)).kernelStep(), type.toString());
        }
    }
}
