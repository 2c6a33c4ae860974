package dev.hetflow.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.TimeConditioning;
import dev.hetflow.ffjord.image.ClassCovariance;
import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.FfjordConvSpec;
import dev.hetflow.trainer.model.FfjordMlpSpec;
import dev.hetflow.trainer.model.ClassCnfSpace;
import dev.hetflow.trainer.model.FfjordClassSpec;
import dev.hetflow.trainer.model.FfjordPivSpec;
import dev.hetflow.trainer.model.PivLabels;
import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.model.ModelSpec;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.trainer.model.SolverSpec;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The exported FFJORD graphs, written from the layer tree and the solver's tableau, against ND4J. */
class FfjordOnnxTest {

    /**
     * float32 in both engines; a fixed-step solve over a tiny net accumulates rounding of a few ulps per op, far below
     * this (the bound, 1e-4); measured differences are around 1e-6.
     */
    private static final double TOLERANCE = 1e-4;
    private static final SampleShape SHAPE = new SampleShape(2, 1, 4, 4);
    private static final SampleShape SHAPE_EVEN = new SampleShape(1, 1, 4, 4);

    static GenerativeModel trained(ModelSpec spec, SampleShape shape) {
        GenerativeModel m = spec.build(shape, 5);
        Random r = new Random(1);
        for (int i = 0; i < 4; i++) {
            float[] v = new float[4 * shape.dimensions()];
            for (int k = 0; k < v.length; k++) {
                v[k] = 0.1f + 0.8f * r.nextFloat();
            }
            m.trainStep(new Batch(v, 4, shape), 0.02);
        }
        return m;
    }

    private static FfjordMlpSpec mlp(TimeConditioning conditioning, Activation activation, SolverSpec train) {
        return new FfjordMlpSpec(List.of(12, 10), 2, 0.8, conditioning, activation,
                DivergenceMode.HUTCHINSON_RADEMACHER, DivergenceMode.EXACT, train, null);
    }

    @Test
    void samplerAndEncoderMatchNd4jForConcatSquashTanh() throws OrtException {
        check(mlp(TimeConditioning.CONCATSQUASH, Activation.TANH, SolverSpec.rk4(4)), SHAPE, 4);
    }

    @Test
    void samplerAndEncoderMatchNd4jForConcatSoftplus() throws OrtException {
        check(mlp(TimeConditioning.CONCAT, Activation.SOFTPLUS, SolverSpec.rk4(4)), SHAPE, 4);
    }

    /** The loop is generated from each fixed-step tableau; every one must integrate as ND4J's solver does. */
    @ParameterizedTest
    @EnumSource(value = SolverSpec.Method.class, names = {"EULER", "MIDPOINT", "RK4"})
    void everyFixedStepTableauExportsAndMatchesNd4j(SolverSpec.Method method) throws OrtException {
        check(mlp(TimeConditioning.CONCATSQUASH, Activation.TANH, new SolverSpec(method, 3, null, null)), SHAPE, 3);
    }

    @Test
    void multiscaleConvSamplerAndEncoderMatchNd4j() throws OrtException {
        // 2 scales exercise logit, squeeze, the label channels' permutation, factor-out and the conv dynamics with its
        // time kernel
        check(new FfjordConvSpec(2, List.of(4), Activation.SOFTPLUS, 0.5, 1e-6, new SolverSpec(
                SolverSpec.Method.MIDPOINT, 3, null, null), null), SHAPE_EVEN, 3);
    }

    @Test
    void multiscaleConvWithLabelsThroughThreeScalesMatchesNd4j() throws OrtException {
        // 2 image + 2 label channels, 3 scales: the first level's permutation moves the 8 label-derived channels of
        // 16 to the front, the second level keeps its 32 label-derived channels of 48 in front (no permutation)
        check(new FfjordConvSpec(3, List.of(4), Activation.SOFTPLUS, 0.5, 1e-6, new SolverSpec(
                SolverSpec.Method.MIDPOINT, 2, null, null), null), new SampleShape(2, 2, 8, 8), 2);
    }

    @Test
    void wideConvOnWinogradTilesMatchesNd4j() throws OrtException {
        // 16 hidden channels on 16x16 and 8x8 levels: ND4J runs the 16-16 layers as F(4x4, 3x3) Winograd tiles
        // (ffjord's WinogradConv; this module's tests run with the Vector API, as the trainer does), ONNX Runtime
        // its own Conv: the tiles' extra float rounding (about 1e-5 of a layer's output) must stay within the bound
        check(new FfjordConvSpec(2, List.of(16, 16), Activation.SOFTPLUS, 0.5, 1e-6, new SolverSpec(
                SolverSpec.Method.MIDPOINT, 2, null, null), null), new SampleShape(1, 1, 16, 16), 2);
    }

    @Test
    void homogeneousMultiscaleConvMatchesNd4j() throws OrtException {
        check(new FfjordConvSpec(2, List.of(4), Activation.SOFTPLUS, 0.5, 1e-6, new SolverSpec(
                SolverSpec.Method.MIDPOINT, 2, null, null), null), new SampleShape(1, 0, 4, 4), 2);
    }

    @Test
    void pivPairSamplerAndEncoderMatchNd4j() throws OrtException {
        // a non-square window catches a swapped x/y shift; trained steps make the pair and plane rates non-zero
        check(new FfjordPivSpec(1, List.of(4), Activation.SOFTPLUS, 0.5, 4.0, PivLabels.AFFINE, new SolverSpec(
                SolverSpec.Method.MIDPOINT, 3, null, null), null), new SampleShape(2, 2, 4, 6), 3);
    }

    @Test
    void pivPairWithCellLabelsSamplerAndEncoderMatchNd4j() throws OrtException {
        // labels first (256-cell histograms), frames moved by the image-only conv block; trained on pairs whose label
        // planes are laid out as the data set stores them, (c + u)/256 on every pixel of a plane
        SampleShape shape = new SampleShape(2, 2, 4, 6);
        GenerativeModel m = new FfjordPivSpec(1, List.of(4), Activation.SOFTPLUS, 0.5, 4.0, PivLabels.CELLS,
                new SolverSpec(SolverSpec.Method.MIDPOINT, 3, null, null), null).build(shape, 5);
        Random r = new Random(1);
        int plane = 24;
        for (int i = 0; i < 4; i++) {
            float[] v = new float[4 * shape.dimensions()];
            for (int row = 0; row < 4; row++) {
                for (int l = 0; l < 2; l++) {
                    int cell = 96 + r.nextInt(64);
                    for (int p = 0; p < plane; p++) {
                        v[row * 4 * plane + (2 + l) * plane + p] = (cell + 0.05f + 0.9f * r.nextFloat()) / 256;
                    }
                }
                for (int p = 0; p < 2 * plane; p++) {
                    v[row * 4 * plane + p] = 0.1f + 0.8f * r.nextFloat();
                }
            }
            m.trainStep(new Batch(v, 4, shape), 0.02);
        }
        check(m, shape, 3);
    }

    @ParameterizedTest
    @CsvSource({"DIAGONAL, PIXELS", "FULL, PIXELS", "DIAGONAL, WHITENED", "FULL, WHITENED"})
    void classSamplerAndEncoderMatchNd4j(ClassCovariance covariance, ClassCnfSpace space) throws OrtException {
        // 3 classes on a non-square 4x6 image; trained steps on data laid out as the layout stores a class,
        // (k + u)/K on every label pixel, make templates, scales, mixing weights and prior non-zero; the CNF block
        // reads the class from the data's plane (PIXELS) or from the latent one (WHITENED)
        SampleShape shape = new SampleShape(1, 1, 4, 6);
        GenerativeModel m = new FfjordClassSpec(1, List.of(4), Activation.SOFTPLUS, 0.5, 3, covariance, space, null,
                new SolverSpec(SolverSpec.Method.MIDPOINT, 3, null, null), null).build(shape, 5);
        Random r = new Random(1);
        int plane = 24;
        for (int i = 0; i < 4; i++) {
            float[] v = new float[4 * shape.dimensions()];
            for (int row = 0; row < 4; row++) {
                int k = (row + i) % 3;
                for (int p = 0; p < 2 * plane; p++) {
                    v[row * 2 * plane + p] = p < plane ? 0.1f + 0.8f * r.nextFloat()
                            : (k + 0.05f + 0.9f * r.nextFloat()) / 3;
                }
            }
            m.trainStep(new Batch(v, 4, shape), 0.02);
        }
        check(m, shape, 3);
    }

    private static void check(ModelSpec spec, SampleShape shape, int steps) throws OrtException {
        check(trained(spec, shape), shape, steps);
    }

    private static void check(GenerativeModel model, SampleShape shape, int steps) throws OrtException {
        try (GenerativeModel m = model) {
            int n = 3;
            Random r = new Random(2);
            float[][] z = new float[n][shape.dimensions()];
            for (float[] row : z) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = (float) r.nextGaussian();
                }
            }
            float[][] expected = m.decode(z);
            ExportedGraphs graphs = m.export(Map.of("seed", "5"));
            assertEquals(steps, graphs.signature().defaultSteps());
            float[] actual = run(graphs.sampler(), Map.of(FfjordOnnx.LATENT, flat(z), FfjordOnnx.STEPS,
                    (long) steps), FfjordOnnx.DATA, n, shape);
            assertClose(flat(expected), actual);

            float[] encoded = run(graphs.encoder(), Map.of(FfjordOnnx.DATA, flat(expected)), FfjordOnnx.LATENT, n,
                    shape);
            assertClose(flat(m.encode(expected)), encoded);
        }
    }

    static float[] flat(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * rows[i].length, rows[i].length);
        }
        return out;
    }

    static float[] run(byte[] model, Map<String, Object> inputs, String output, int n, SampleShape shape)
            throws OrtException {
        try (OrtSession session = OrtRuns.ENV.createSession(model, new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> feed = new java.util.HashMap<>();
            try {
                for (var e : inputs.entrySet()) {
                    feed.put(e.getKey(), e.getValue() instanceof float[] f
                            ? OnnxTensor.createTensor(OrtRuns.ENV, FloatBuffer.wrap(f),
                                    new long[] {n, shape.channels(), shape.height(), shape.width()})
                            : OnnxTensor.createTensor(OrtRuns.ENV, (Long) e.getValue()));
                }
                return OrtRuns.run(session, feed, output);
            } finally {
                feed.values().forEach(OnnxTensor::close);
            }
        }
    }

    static void assertClose(float[] expected, float[] actual) {
        OrtRuns.assertClose(expected, actual, TOLERANCE, "FFJORD graph");
    }
}
