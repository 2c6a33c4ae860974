package dev.hetflow.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.TimeConditioning;
import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.FfjordModel;
import dev.hetflow.trainer.model.FfjordSettings;
import dev.hetflow.trainer.model.SampleShape;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FfjordOnnxTest {

    /**
     * float32 in both engines; RK4 over a tiny tanh net accumulates rounding of a few ulps per op, far below this
     * (the bound, 1e-4); measured differences are around 1e-6.
     */
    private static final double TOLERANCE = 1e-4;
    private static final SampleShape SHAPE = new SampleShape(2, 1, 4, 4);

    static FfjordModel trained(TimeConditioning conditioning, Activation activation) {
        FfjordModel m = new FfjordModel(new FfjordSettings(List.of(12, 10), 2, 4, 0.8, conditioning, activation,
                DivergenceMode.HUTCHINSON_RADEMACHER, DivergenceMode.EXACT), SHAPE, 5, 0.02);
        Random r = new Random(1);
        for (int i = 0; i < 5; i++) {
            float[] v = new float[8 * SHAPE.dimensions()];
            for (int k = 0; k < v.length; k++) {
                v[k] = 0.2f + 0.6f * r.nextFloat();
            }
            m.trainStep(new Batch(v, 8, SHAPE));
        }
        return m;
    }

    @Test
    void samplerMatchesNd4jDecodingForConcatSquashTanh() throws OrtException {
        check(TimeConditioning.CONCATSQUASH, Activation.TANH);
    }

    @Test
    void samplerMatchesNd4jDecodingForConcatSoftplus() throws OrtException {
        check(TimeConditioning.CONCAT, Activation.SOFTPLUS);
    }

    private void check(TimeConditioning conditioning, Activation activation) throws OrtException {
        try (FfjordModel m = trained(conditioning, activation)) {
            int n = 3;
            float[] z = new float[n * SHAPE.dimensions()];
            Random r = new Random(2);
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) r.nextGaussian();
            }
            float[] expected = m.sample(z, n);
            byte[] sampler = FfjordOnnx.sampler(m, Map.of("seed", "5"));
            float[] actual = run(sampler, Map.of(FfjordOnnx.LATENT, z, FfjordOnnx.STEPS, 4L), FfjordOnnx.DATA, n);
            assertClose(expected, actual);

            float[] x = expected;
            float[] encoded = run(FfjordOnnx.encoder(m, Map.of()), Map.of(FfjordOnnx.DATA, x), FfjordOnnx.LATENT, n);
            assertClose(m.encode(x, n), encoded);
        }
    }

    @Test
    void multiscaleConvSamplerAndEncoderMatchNd4j() throws OrtException {
        // 2 scales exercise logit, squeeze, factor-out and the conv dynamics with its time kernel
        try (FfjordModel m = new FfjordModel(new dev.hetflow.trainer.model.ConvFfjordSettings(2, List.of(4),
                Activation.SOFTPLUS, 3, 0.5, 1e-6), SHAPE_EVEN, 5, 0.02)) {
            Random r = new Random(1);
            for (int i = 0; i < 3; i++) {
                float[] v = new float[4 * SHAPE_EVEN.dimensions()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = 0.1f + 0.8f * r.nextFloat();
                }
                m.trainStep(new Batch(v, 4, SHAPE_EVEN));
            }
            int n = 2;
            float[] z = new float[n * SHAPE_EVEN.dimensions()];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) r.nextGaussian();
            }
            float[] expected = m.sample(z, n);
            float[] actual = run(ConvFfjordOnnx.sampler(m, Map.of()), Map.of(FfjordOnnx.LATENT, z,
                    FfjordOnnx.STEPS, 3L), FfjordOnnx.DATA, n, SHAPE_EVEN);
            assertClose(expected, actual);
            float[] x = new float[z.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = 0.05f + 0.9f * r.nextFloat();
            }
            float[] encoded = run(ConvFfjordOnnx.encoder(m, Map.of()), Map.of(FfjordOnnx.DATA, x),
                    FfjordOnnx.LATENT, n, SHAPE_EVEN);
            assertClose(m.encode(x, n), encoded);
        }
    }

    private static final SampleShape SHAPE_EVEN = new SampleShape(1, 1, 4, 4);

    static float[] run(byte[] model, Map<String, Object> inputs, String output, int n) throws OrtException {
        return run(model, inputs, output, n, SHAPE);
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
