package dev.hetflow.sylvester;

import ai.djl.ndarray.types.DataType;
import dev.hetflow.bench.snf.TorchSylvesterVae;
import dev.hetflow.bench.snf.VaeWeights;
import dev.hetflow.sylvester.flows.FlowType;
import dev.hetflow.sylvester.vae.ChannelLayout;
import dev.hetflow.sylvester.vae.VaeGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * snf-step's libtorch twin computes what hetflow's Sylvester VAE computes: with the same weights, batch, noise eps
 * and beta, in double precision, the free energy, every per-example term (log p(x|zK), log q0, log p(zK),
 * sum log|det|) and the gradients of the free energy agree. The benchmark's sizes (c = 16, hidden 256, z = 64; H-SNF
 * with 8 flows of 8 reflections), on 3 examples. Lives in sylvester's package to feed eps to the graph directly,
 * which the public API draws itself.
 */
class TorchVaeParityTest {

    private static final int BATCH = 3;

    @BeforeAll
    static void offlineEngine() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    @ParameterizedTest
    @EnumSource(value = FlowType.class, names = {"NONE", "HOUSEHOLDER"})
    void sameLossTermsAndGradientsForTheSameWeightsAndNoise(FlowType type) {
        ChannelLayout mnist = new ChannelLayout(1, 0, 28, 28);
        SylvesterConfig config = SylvesterConfig.defaults(mnist).withFlows(type, type == FlowType.NONE ? 0 : 8)
                .withHouseholderReflections(8).withDoublePrecision(true);
        SylvesterVae vae = SylvesterVae.create(config);
        SameDiff sd = vae.graph().sameDiff();
        // VaeWeights copies as float: round hetflow's double weights to the same floats so both start equal
        for (String name : vae.graph().parameterNames()) {
            INDArray p = sd.getVariable(name).getArr();
            p.assign(p.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                    .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
        }
        Random random = new Random(7);
        float[] pixels = new float[BATCH * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            double u = random.nextDouble();
            pixels[i] = u < 0.3 ? 0f : u > 0.9 ? 1f : random.nextInt(256) / 255f;   // both edge bins and inside
        }
        double[] eps = new double[BATCH * config.latentDim()];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = random.nextGaussian();
        }
        double beta = 0.7;

        Map<String, INDArray> feed = BatchInputs.placeholders(Nd4j.createFromArray(pixels).reshape(BATCH, 1, 28, 28),
                mnist, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        feed.put(VaeGraph.EPS, Nd4j.createFromArray(eps).reshape(BATCH, config.latentDim()));
        feed.put(VaeGraph.BETA, Nd4j.scalar(beta));
        Map<String, INDArray> out = sd.output(feed, VaeGraph.LOSS, VaeGraph.LOG_PX, VaeGraph.LOG_Q0,
                VaeGraph.LOG_PZ, VaeGraph.LOG_DET);
        List<String> checked = type == FlowType.NONE
                ? List.of("enc_conv1_W", "enc_conv2_W", "enc_conv3_b", "enc_sigma_W", "dec_map_W", "dec_conv1_W",
                        "dec_conv2_W", "dec_head_W", "dec_head_b")
                : List.of("enc_conv1_W", "enc_hidden_W", "flow0_block0_W", "flow3_block1_b", "flow7_block4_W",
                        "flow7_block3_b", "dec_conv2_W", "dec_head_W");
        Map<String, INDArray> hetflowGradients = sd.calculateGradients(feed, checked);

        VaeWeights weights = VaeWeights.of(vae);
        assertEquals(vae.parameterCount(), weights.parameterCount());
        Map<String, double[]> torchGradients = new LinkedHashMap<>();
        checked.forEach(name -> torchGradients.put(name, null));
        TorchSylvesterVae.Terms terms;
        try (TorchSylvesterVae torch = new TorchSylvesterVae(config, weights, pixels, BATCH, DataType.FLOAT64)) {
            assertEquals(vae.parameterCount(), torch.parameterCount());
            terms = torch.terms(eps, beta, torchGradients);
        }

        // Both sides run in double on the same doubles; they differ in summation order, libtorch's conv algorithms
        // and softplus (log1p(exp(x)) against relu(x) + log1p(exp(-|x|))): rounding of ~1e-16 per operation, grown
        // through sums of up to 10^4 terms and 8 flows. Seen: at most 4e-15 of each array's largest entry (terms and
        // gradients). 1e-12 leaves 250x for other CPUs and libtorch builds and is still 10^9 x below what a wrong
        // layer does (a wrong activation, stride, layout or mask changes the loss in its first digits).
        double tolerance = 1e-12;
        double loss = out.get(VaeGraph.LOSS).getDouble(0);
        assertEquals(loss, terms.loss(), tolerance * Math.abs(loss), "free energy");
        assertClose(out.get(VaeGraph.LOG_PX), terms.logPx(), tolerance, "log p(x|zK)");
        assertClose(out.get(VaeGraph.LOG_Q0), terms.logQ0(), tolerance, "log q0");
        assertClose(out.get(VaeGraph.LOG_PZ), terms.logPz(), tolerance, "log p(zK)");
        assertClose(out.get(VaeGraph.LOG_DET), terms.logDet(), tolerance, "log det");
        for (String name : checked) {
            assertClose(hetflowGradients.get(name), torchGradients.get(name), tolerance, "d loss / d " + name);
        }
        if (type == FlowType.HOUSEHOLDER) {
            assertTrue(maxAbs(out.get(VaeGraph.LOG_DET).toDoubleVector()) > 1e-6, "flows must do something");
        }
    }

    /** |a - b| <= tolerance * max |a| entrywise. */
    private static void assertClose(INDArray expected, double[] actual, double tolerance, String what) {
        double[] e = expected.reshape(expected.length()).toDoubleVector();
        assertEquals(e.length, actual.length, what + ": length");
        double scale = Math.max(maxAbs(e), 1e-300);
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs(e[i] - actual[i]));
        }
        System.out.printf("%s: max |hetflow - libtorch| = %.3g of scale %.3g%n", what, worst, scale);
        assertTrue(worst <= tolerance * scale, what + ": max difference " + worst + " > " + tolerance + " x " + scale);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
