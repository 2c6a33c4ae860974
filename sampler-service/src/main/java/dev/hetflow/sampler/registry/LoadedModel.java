package dev.hetflow.sampler.registry;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hetflow.common.models.ModelManifest;
import dev.hetflow.common.models.SamplerSignature;
import dev.hetflow.datasets.manifest.DatasetManifest;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One model version with its open ONNX Runtime sessions. Reference counted: the registry holds one reference while
 * the version is current or kept, each request holds one through a {@link ModelLease}; the sessions close when the
 * last reference goes, so a swap never closes a session under a running request.
 */
public final class LoadedModel {

    private static final Logger LOG = Logger.getLogger(LoadedModel.class);

    private final ModelManifest manifest;
    private final DatasetManifest dataset;
    private final OrtEnvironment environment;
    private final OrtSession sampler;
    private final OrtSession encoder;
    private final AtomicInteger references = new AtomicInteger(1);

    LoadedModel(ModelManifest manifest, DatasetManifest dataset, OrtEnvironment environment, OrtSession sampler,
                OrtSession encoder) {
        this.manifest = manifest;
        this.dataset = dataset;
        this.environment = environment;
        this.sampler = sampler;
        this.encoder = encoder;
    }

    public String modelId() {
        return manifest.modelId();
    }

    public int version() {
        return manifest.version();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public DatasetManifest dataset() {
        return dataset;
    }

    public SamplerSignature signature() {
        return manifest.sampler();
    }

    /** Elements of one latent, the product of {@code latentShape}. */
    public int latentSize() {
        return signature().latentShape().stream().reduce(1, (a, b) -> a * b);
    }

    /** Elements of one sample, C*H*W of the data set. */
    public int sampleSize() {
        return dataset.shape().stream().reduce(1, (a, b) -> a * b);
    }

    public boolean hasEncoder() {
        return encoder != null;
    }

    /** Runs the sampler graph on {@code rows} latents; {@code steps} is ignored by graphs without a steps input. */
    public float[] sample(float[] latents, int rows, long steps) throws OrtException {
        SamplerSignature s = signature();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(s.latentInput(), tensor(latents, rows, s.latentShape()));
            if (s.stepsInput() != null) {
                inputs.put(s.stepsInput(), OnnxTensor.createTensor(environment, steps));
            }
            return run(sampler, inputs, s.output(), rows * sampleSize());
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Runs the encoder graph on {@code rows} observations; returns their latents. */
    public float[] encode(float[] observations, int rows) throws OrtException {
        if (encoder == null) {
            throw new IllegalStateException("model " + modelId() + " v" + version() + " has no encoder");
        }
        SamplerSignature s = signature();
        try (OnnxTensor input = tensor(observations, rows, dataset.shape())) {
            return run(encoder, Map.of(s.encoderInput(), input), s.encoderOutput(), rows * latentSize());
        }
    }

    private OnnxTensor tensor(float[] values, int rows, List<Integer> shape) throws OrtException {
        long[] dims = new long[shape.size() + 1];
        dims[0] = rows;
        for (int i = 0; i < shape.size(); i++) {
            dims[i + 1] = shape.get(i);
        }
        return OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), dims);
    }

    private static float[] run(OrtSession session, Map<String, OnnxTensor> inputs, String output, int expected)
            throws OrtException {
        try (OrtSession.Result result = session.run(inputs, java.util.Set.of(output))) {
            OnnxTensor tensor = (OnnxTensor) result.get(output)
                    .orElseThrow(() -> new IllegalStateException("the graph has no output " + output));
            FloatBuffer buffer = tensor.getFloatBuffer();
            if (buffer.remaining() != expected) {
                throw new IllegalStateException("output " + output + " holds " + buffer.remaining()
                        + " values, expected " + expected);
            }
            float[] out = new float[expected];
            buffer.get(out);
            return out;
        }
    }

    /** Takes a reference unless the sessions are already closed. */
    boolean tryAcquire() {
        while (true) {
            int n = references.get();
            if (n <= 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one closes the sessions. */
    void release() {
        if (references.decrementAndGet() == 0) {
            try {
                sampler.close();
                if (encoder != null) {
                    encoder.close();
                }
                LOG.infof("model %s v%d: sessions closed", modelId(), version());
            } catch (OrtException e) {
                LOG.warnf("model %s v%d: closing sessions failed: %s", modelId(), version(), e.getMessage());
            }
        }
    }

    boolean closed() {
        return references.get() <= 0;
    }
}
