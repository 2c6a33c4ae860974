package dev.hetflow.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** Exported graphs run in ONNX Runtime, and their outputs compared with ND4J's, for the export tests. */
public final class OrtRuns {

    public static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private OrtRuns() {
    }

    /** One float output of {@code session} for the given inputs (the tensors stay the caller's to close). */
    public static float[] run(OrtSession session, Map<String, OnnxTensor> feed, String output) throws OrtException {
        try (OrtSession.Result result = session.run(feed)) {
            FloatBuffer b = ((OnnxTensor) result.get(output).orElseThrow()).getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
        }
    }

    /** One float output of {@code session} for one float input of the given shape. */
    public static float[] run(OrtSession session, String input, float[] values, long[] shape, String output)
            throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(values), shape)) {
            return run(session, Map.of(input, tensor), output);
        }
    }

    /** As above, in a session of its own on {@code model}. */
    public static float[] run(byte[] model, String input, float[] values, long[] shape, String output)
            throws OrtException {
        try (OrtSession session = ENV.createSession(model, new OrtSession.SessionOptions())) {
            return run(session, input, values, shape, output);
        }
    }

    public static double maxDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    /** Same length, and no element further than {@code tolerance} from ND4J's; prints the worst difference. */
    public static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + " output size");
        double worst = maxDifference(expected, actual);
        System.out.println(what + ": max |ND4J - ORT| = " + worst);
        assertEquals(0, worst, tolerance, what);
    }
}
