package dev.hetflow.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Models written by hand are loaded and run by the real ONNX Runtime and compared to the same arithmetic in Java.
 * Tolerance 1e-6 (absolute): float32 round-off of a few multiply-adds on values of order 1 is ~1e-7; ORT's tanh and
 * sigmoid are accurate to a few ulp.
 */
class OnnxModelRuntimeTest {

    private static final double TOLERANCE = 1e-6;
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @Test
    void gemmTanhAddMatchesJava() throws OrtException {
        int in = 3;
        int hidden = 4;
        Random random = new Random(7);
        float[] w = randoms(random, hidden * in);
        float[] b = randoms(random, hidden);
        float[] c = randoms(random, hidden);
        Graph graph = new Graph("mlp")
                .input(ValueInfo.tensor("x", DataType.FLOAT, Dim.symbolic("N"), Dim.of(in)))
                .output(ValueInfo.tensor("y", DataType.FLOAT, Dim.symbolic("N"), Dim.of(hidden)));
        graph.initializer(Tensor.floats("W", w, hidden, in));
        graph.initializer(Tensor.floats("b", b, hidden));
        graph.initializer(Tensor.floats("c", c, hidden));
        graph.node("Gemm", "h", "x", "W", "b").attr("transB", 1).attr("alpha", 1.0f);
        graph.node("Tanh", "t", "h");
        graph.node("Add", "y", "t", "c");

        int batch = 5;
        float[] x = randoms(random, batch * in);
        float[] y = run(OnnxModel.of(graph).toBytes(), Map.of("x", tensor(x, batch, in)), "y");

        float[] expected = new float[batch * hidden];
        for (int n = 0; n < batch; n++) {
            for (int j = 0; j < hidden; j++) {
                double h = b[j];
                for (int i = 0; i < in; i++) {
                    h += (double) w[j * in + i] * x[n * in + i];
                }
                expected[n * hidden + j] = (float) (Math.tanh(h) + c[j]);
            }
        }
        assertClose(expected, y);
    }

    /** FFJORD's shape: a Loop whose trip count is an input, carrying z through Euler steps of dz/dt = A z. */
    @Test
    void loopWithTripCountInputIntegratesLinearOde() throws OrtException {
        float[] a = {-0.5f, 1.0f, -1.0f, -0.2f};
        float dt = 0.05f;
        Graph body = new Graph("euler_step")
                .input(ValueInfo.scalar("iter", DataType.INT64))
                .input(ValueInfo.scalar("cond_in", DataType.BOOL))
                .input(ValueInfo.unshaped("z_in", DataType.FLOAT))
                .output(ValueInfo.scalar("cond_out", DataType.BOOL))
                .output(ValueInfo.unshaped("z_out", DataType.FLOAT));
        body.node("Gemm", "dz", "z_in", "A").attr("transB", 1);
        body.node("Mul", "step", "dz", "dt");
        body.node("Add", "z_out", "z_in", "step");
        body.node("Identity", "cond_out", "cond_in");

        Graph graph = new Graph("ode")
                .input(ValueInfo.tensor("z", DataType.FLOAT, Dim.symbolic("N"), Dim.of(2)))
                .input(ValueInfo.scalar("steps", DataType.INT64))
                .output(ValueInfo.tensor("x", DataType.FLOAT, Dim.symbolic("N"), Dim.of(2)));
        graph.initializer(Tensor.floats("A", a, 2, 2));
        graph.initializer(Tensor.scalar("dt", dt));
        graph.node("Loop", java.util.List.of("steps", "", "z"), java.util.List.of("x")).attr("body", body);
        // the empty condition input: Loop runs exactly `steps` times

        float[] z = {1.0f, 0.0f, 0.3f, -0.7f, 2.0f, 1.5f};
        byte[] model = OnnxModel.of(graph).toBytes();
        for (long steps : new long[] {0, 1, 20}) {
            float[] x = run(model, Map.of("z", tensor(z, 3, 2), "steps", OnnxTensor.createTensor(ENV, steps)), "x");
            float[] expected = z.clone();
            for (int s = 0; s < steps; s++) {
                for (int n = 0; n < 3; n++) {
                    float z0 = expected[2 * n];
                    float z1 = expected[2 * n + 1];
                    expected[2 * n] = z0 + (a[0] * z0 + a[1] * z1) * dt;
                    expected[2 * n + 1] = z1 + (a[2] * z0 + a[3] * z1) * dt;
                }
            }
            assertClose(expected, x);
        }
    }

    /** Reshape with a constant shape, a Constant node (tensor attribute), ints and floats attributes, metadata. */
    @Test
    void sigmoidReshapeTransposeAndMetadata() throws OrtException {
        Graph graph = new Graph("decoder")
                .input(ValueInfo.tensor("z", DataType.FLOAT, Dim.symbolic("N"), Dim.of(6)))
                .output(ValueInfo.tensor("x", DataType.FLOAT, Dim.symbolic("N"), Dim.of(3), Dim.of(2), Dim.of(1)));
        graph.node("Constant", "shape").attr("value", Tensor.longs("", new long[] {-1, 1, 2, 3}, 4));
        graph.node("Sigmoid", "s", "z");
        graph.node("Reshape", "r", "s", "shape");
        graph.node("Transpose", "t", "r").attr("perm", 0L, 3L, 2L, 1L);
        graph.node("LeakyRelu", "x", "t").attr("alpha", 0.1f);
        byte[] model = OnnxModel.of(graph).producer("hetflow-test", "1").metadata("seed", "42")
                .metadata("job", "job-1").toBytes();

        float[] z = {-3, -1, 0, 0.5f, 2, 4, 1, 1, 1, 1, 1, 1};
        try (OrtSession session = ENV.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor input = tensor(z, 2, 6);
             OrtSession.Result result = session.run(Map.of("z", input))) {
            OnnxTensor x = (OnnxTensor) result.get("x").orElseThrow();
            assertArrayEquals(new long[] {2, 3, 2, 1}, x.getInfo().getShape());
            float[] out = buffer(x);
            // r[n][0][i][j] = sigmoid(z[n][3i + j]); t[n][j][i][0] = r[n][0][i][j]
            float[] expected = new float[12];
            for (int n = 0; n < 2; n++) {
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 3; j++) {
                        expected[n * 6 + j * 2 + i] = (float) (1 / (1 + Math.exp(-z[n * 6 + 3 * i + j])));
                    }
                }
            }
            assertClose(expected, out);
            assertEquals("42", session.getMetadata().getCustomMetadata().get("seed"));
            assertEquals("job-1", session.getMetadata().getCustomMetadata().get("job"));
            assertEquals("hetflow-test", session.getMetadata().getProducerName());
        }
    }

    @Test
    void withoutIrVersionTheRuntimeRefusesTheModel() {
        Graph graph = new Graph("g").input(ValueInfo.tensor("a", DataType.FLOAT, Dim.of(1)))
                .output(ValueInfo.tensor("b", DataType.FLOAT, Dim.of(1)));
        graph.node("Identity", "b", "a");
        byte[] model = OnnxModel.of(graph).irVersion(0).toBytes();
        assertThrows(OrtException.class, () -> ENV.createSession(model, new OrtSession.SessionOptions()).close());
    }

    private static float[] run(byte[] model, Map<String, OnnxTensor> inputs, String output) throws OrtException {
        try (OrtSession session = ENV.createSession(model, new OrtSession.SessionOptions());
             OrtSession.Result result = session.run(inputs)) {
            return buffer((OnnxTensor) result.get(output).orElseThrow());
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] buffer(OnnxTensor tensor) {
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static OnnxTensor tensor(float[] values, long... shape) throws OrtException {
        return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(values), shape);
    }

    private static float[] randoms(Random random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "element count");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE, "element " + i);
        }
    }
}
