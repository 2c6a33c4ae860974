package dev.hetflow.bench.sampler;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hetflow.trainer.export.FfjordOnnx;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The exported sampler graph in ONNX Runtime inside this JVM, with the sampler service's session settings (one
 * intra-op thread, no spinning, all graph optimizations): what the service could reach without HTTP, batching and
 * encoding around it.
 */
public final class OrtSampling implements AutoCloseable {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final long[] sampleShape;

    public OrtSampling(byte[] sampler, long[] sampleShape) throws OrtException {
        this.sampleShape = sampleShape.clone();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = environment.createSession(sampler, options);
        }
    }

    /** Decodes {@code rows} latents with {@code steps} RK4 steps; returns the samples row-major. */
    public float[] sample(float[] latents, int rows, long steps) throws OrtException {
        long[] dims = new long[sampleShape.length + 1];
        dims[0] = rows;
        System.arraycopy(sampleShape, 0, dims, 1, sampleShape.length);
        try (OnnxTensor z = OnnxTensor.createTensor(environment, FloatBuffer.wrap(latents), dims);
             OnnxTensor s = OnnxTensor.createTensor(environment, steps);
             OrtSession.Result result = session.run(Map.of(FfjordOnnx.LATENT, z, FfjordOnnx.STEPS, s))) {
            FloatBuffer x = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] out = new float[x.remaining()];
            x.get(out);
            return out;
        }
    }

    /** {@link #sample} in this thread, after {@code warmUp} calls. */
    public Rate measure(float[] latents, int rows, long steps, int warmUp, Duration duration) throws Exception {
        return Rate.measure(() -> sample(latents, rows, steps), rows, warmUp, duration.toMillis());
    }

    /** Samples per second with {@code threads} threads calling {@link #sample} on this one session at once. */
    public double samplesPerSecond(float[] latents, int rows, long steps, int threads, int warmUp, Duration duration)
            throws InterruptedException {
        DoubleAdder total = new DoubleAdder();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    total.add(measure(latents, rows, steps, warmUp, duration).samplesPerSecond());
                } catch (Exception e) {
                    failure.set(e);
                }
            }, "ort-bench-" + t);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("ONNX Runtime failed: " + failure.get(), failure.get());
        }
        return total.sum();
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
