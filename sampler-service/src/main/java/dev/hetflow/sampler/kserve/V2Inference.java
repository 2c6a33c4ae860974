package dev.hetflow.sampler.kserve;

import dev.hetflow.common.models.SamplerSignature;
import dev.hetflow.sampler.config.SamplerConfig;
import dev.hetflow.sampler.registry.LoadedModel;
import dev.hetflow.sampler.registry.ModelLease;
import dev.hetflow.sampler.registry.ModelRegistry;
import dev.hetflow.sampler.sampling.SamplingService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Checks a parsed v2 request against the sampler graph's signature (names, datatypes, shape, row limit, value count)
 * and runs it through the micro-batcher.
 */
@ApplicationScoped
class V2Inference {

    private static final Logger LOG = Logger.getLogger(V2Inference.class);

    private final ModelRegistry registry;
    private final SamplingService sampling;
    private final SamplerConfig config;

    V2Inference(ModelRegistry registry, SamplingService sampling, SamplerConfig config) {
        this.registry = registry;
        this.sampling = sampling;
        this.config = config;
    }

    /**
     * The answer to one request.
     *
     * @param binary whether the output goes in the binary part of the body
     */
    record Result(LoadedModelInfo model, String id, String output, List<Long> shape, float[] data, boolean binary) {
    }

    /** What the response names of the version that answered. */
    record LoadedModelInfo(String name, int version) {
    }

    /** A 429 at once when the queue is full, before the body is parsed. */
    void checkRoom() {
        sampling.checkRoom();
    }

    /** Most values a request to {@code modelId}'s latest version may carry: max-samples latents and a steps scalar. */
    long maxValues(String modelId, Integer version) {
        try (ModelLease lease = registry.lease(modelId, version)) {
            return (long) config.maxSamples() * lease.model().latentSize() + 1;
        }
    }

    Result infer(String modelId, Integer version, ParsedInfer request) {
        ModelLease lease = registry.lease(modelId, version);
        LoadedModel model = lease.model();
        SamplerSignature s = model.signature();
        float[] z;
        int rows;
        int steps;
        boolean binary;
        try {
            for (TensorInput input : request.inputs()) {
                if (!input.name().equals(s.latentInput()) && !input.name().equals(s.stepsInput())) {
                    throw new IllegalArgumentException("the model has no input named " + input.name() + "; its inputs: "
                            + inputNames(s));
                }
            }
            binary = outputBinary(request, s.output());
            TensorInput latent = input(request, s.latentInput());
            rows = checkLatent(model, latent);
            z = latent.values().length == latent.count() ? latent.values()
                    : Arrays.copyOf(latent.values(), latent.count());
            TensorInput stepsTensor = s.stepsInput() == null ? null : optional(request, s.stepsInput());
            steps = sampling.steps(model, stepsTensor == null ? null : steps(stepsTensor));
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        float[] x = sampling.infer(lease, z, rows, steps);
        int bad = 0;
        for (float v : x) {
            bad += Float.isFinite(v) ? 0 : 1;
        }
        if (bad > 0) {
            LOG.warnf("model %s v%d: %d of %d output values not finite (request %s)", model.modelId(),
                    model.version(), bad, x.length, request.id());
            throw new NonFiniteOutputException("model " + model.modelId() + " v" + model.version() + " produced " + bad
                    + " non-finite values for these inputs");
        }
        List<Long> shape = new ArrayList<>();
        shape.add((long) rows);
        model.dataset().shape().forEach(d -> shape.add((long) d));
        return new Result(new LoadedModelInfo(model.modelId(), model.version()), request.id(), s.output(), shape, x,
                binary);
    }

    /** Whether the graph's one output travels as binary; a requested output the graph lacks is a 400. */
    private static boolean outputBinary(ParsedInfer request, String output) {
        if (request.outputs() == null) {
            return request.binaryOutput();
        }
        if (request.outputs().isEmpty()) {
            throw new IllegalArgumentException("outputs is empty; leave it out for every output, or name " + output);
        }
        boolean binary = request.binaryOutput();
        for (ParsedInfer.RequestedOutput o : request.outputs()) {
            if (!output.equals(o.name())) {
                throw new IllegalArgumentException("the model has no output named " + o.name() + "; its output: "
                        + output);
            }
            binary |= o.binary();
        }
        return binary;
    }

    private int checkLatent(LoadedModel model, TensorInput latent) {
        List<Integer> expected = model.signature().latentShape();
        if (!"FP32".equals(latent.datatype())) {
            throw new IllegalArgumentException("input " + latent.name() + " must be FP32, got " + latent.datatype());
        }
        long[] shape = latent.shape();
        boolean ok = shape != null && shape.length == expected.size() + 1;
        for (int i = 0; ok && i < expected.size(); i++) {
            ok = shape[i + 1] == expected.get(i).longValue();
        }
        if (!ok) {
            throw new IllegalArgumentException("input " + latent.name() + " must have shape [N, " + join(expected)
                    + "] with N in 1.." + config.maxSamples() + ", got " + Arrays.toString(shape));
        }
        if (shape[0] < 1 || shape[0] > config.maxSamples()) {
            throw new IllegalArgumentException("input " + latent.name() + ": N must be in 1.." + config.maxSamples()
                    + " rows (max-samples), got " + shape[0]);
        }
        // N <= max-samples, so N * latentSize fits a long comfortably; the parser bounded the values already
        long values = shape[0] * model.latentSize();
        if (latent.count() != values) {
            throw new IllegalArgumentException("input " + latent.name() + " has shape " + Arrays.toString(shape)
                    + " but holds " + latent.count() + " values instead of " + values);
        }
        return (int) shape[0];
    }

    private static String join(List<Integer> dims) {
        return String.join(", ", dims.stream().map(String::valueOf).toList());
    }

    private static String inputNames(SamplerSignature s) {
        return s.stepsInput() == null ? s.latentInput() : s.latentInput() + ", " + s.stepsInput();
    }

    private static int steps(TensorInput tensor) {
        if (!"INT64".equals(tensor.datatype()) && !"INT32".equals(tensor.datatype())) {
            throw new IllegalArgumentException("input " + tensor.name() + " must be INT64, got " + tensor.datatype());
        }
        if (tensor.count() != 1) {
            throw new IllegalArgumentException("input " + tensor.name() + " must hold one value, got "
                    + tensor.count());
        }
        if (tensor.shape() != null && Arrays.stream(tensor.shape()).reduce(1, (a, b) -> a * b) != 1) {
            throw new IllegalArgumentException("input " + tensor.name() + " must have shape [1], got "
                    + Arrays.toString(tensor.shape()));
        }
        if (!tensor.integral() || Math.abs(tensor.firstLong()) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("input " + tensor.name() + " must be a whole number, got "
                    + tensor.values()[0]);
        }
        return (int) tensor.firstLong();
    }

    private static TensorInput input(ParsedInfer request, String name) {
        TensorInput tensor = optional(request, name);
        if (tensor == null) {
            throw new IllegalArgumentException("the request has no input named " + name);
        }
        return tensor;
    }

    private static TensorInput optional(ParsedInfer request, String name) {
        TensorInput found = null;
        for (TensorInput t : request.inputs()) {
            if (name.equals(t.name())) {
                if (found != null) {
                    throw new IllegalArgumentException("input " + name + " is sent twice");
                }
                found = t;
            }
        }
        return found;
    }
}
