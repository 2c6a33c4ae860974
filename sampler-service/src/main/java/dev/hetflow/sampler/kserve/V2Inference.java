package dev.hetflow.sampler.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hetflow.common.models.SamplerSignature;
import dev.hetflow.sampler.registry.LoadedModel;
import dev.hetflow.sampler.registry.ModelLease;
import dev.hetflow.sampler.registry.ModelRegistry;
import dev.hetflow.sampler.sampling.SamplingService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Checks a v2 request against the sampler graph's signature and runs it through the micro-batcher. */
@ApplicationScoped
class V2Inference {

    private final ModelRegistry registry;
    private final SamplingService sampling;

    V2Inference(ModelRegistry registry, SamplingService sampling) {
        this.registry = registry;
        this.sampling = sampling;
    }

    InferResponse infer(String modelId, Integer version, InferRequest request) {
        if (request == null || request.inputs() == null || request.inputs().isEmpty()) {
            throw new IllegalArgumentException("send {\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]}");
        }
        ModelLease lease = registry.lease(modelId, version);
        LoadedModel model = lease.model();
        SamplerSignature s = model.signature();
        float[] z;
        int rows;
        int steps;
        try {
            InferTensor latent = input(request, s.latentInput());
            rows = checkLatent(model, latent);
            z = floats(latent, rows * model.latentSize());
            InferTensor stepsTensor = s.stepsInput() == null ? null : optional(request, s.stepsInput());
            steps = sampling.steps(model, stepsTensor == null ? null : steps(stepsTensor));
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        float[] x = sampling.infer(lease, z, rows, steps);
        List<Long> shape = new ArrayList<>();
        shape.add((long) rows);
        model.dataset().shape().forEach(d -> shape.add((long) d));
        return new InferResponse(model.modelId(), Integer.toString(model.version()), request.id(),
                List.of(new InferResponse.Output(s.output(), shape, "FP32", x)));
    }

    private static int checkLatent(LoadedModel model, InferTensor latent) {
        List<Integer> expected = model.signature().latentShape();
        if (!"FP32".equals(latent.datatype())) {
            throw new IllegalArgumentException("input " + latent.name() + " must be FP32, got " + latent.datatype());
        }
        List<Long> shape = latent.shape();
        boolean ok = shape != null && shape.size() == expected.size() + 1 && shape.get(0) >= 1;
        for (int i = 0; ok && i < expected.size(); i++) {
            ok = shape.get(i + 1) == expected.get(i).longValue();
        }
        if (!ok) {
            throw new IllegalArgumentException("input " + latent.name() + " must have shape [N, " + join(expected)
                    + "] with N >= 1, got " + shape);
        }
        return Math.toIntExact(shape.get(0));
    }

    private static String join(List<Integer> dims) {
        return String.join(", ", dims.stream().map(String::valueOf).toList());
    }

    private static int steps(InferTensor tensor) {
        if (!"INT64".equals(tensor.datatype()) && !"INT32".equals(tensor.datatype())) {
            throw new IllegalArgumentException("input " + tensor.name() + " must be INT64, got " + tensor.datatype());
        }
        List<Double> values = flatten(tensor.data());
        if (values.size() != 1) {
            throw new IllegalArgumentException("input " + tensor.name() + " must hold one value, got " + values.size());
        }
        double v = values.get(0);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("input " + tensor.name() + " must be a whole number, got " + v);
        }
        return (int) v;
    }

    private static float[] floats(InferTensor tensor, int expected) {
        List<Double> values = flatten(tensor.data());
        if (values.size() != expected) {
            throw new IllegalArgumentException("input " + tensor.name() + " has shape " + tensor.shape()
                    + " but holds " + values.size() + " values instead of " + expected);
        }
        float[] out = new float[expected];
        for (int i = 0; i < expected; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    private static List<Double> flatten(JsonNode data) {
        List<Double> out = new ArrayList<>();
        flatten(data, out);
        return out;
    }

    private static void flatten(JsonNode node, List<Double> out) {
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("an input has no data");
        }
        if (node.isArray()) {
            node.forEach(child -> flatten(child, out));
        } else if (node.isNumber()) {
            out.add(node.doubleValue());
        } else {
            throw new IllegalArgumentException("input data must be numbers, got " + node);
        }
    }

    private static InferTensor input(InferRequest request, String name) {
        InferTensor tensor = optional(request, name);
        if (tensor == null) {
            throw new IllegalArgumentException("the request has no input named " + name);
        }
        return tensor;
    }

    private static InferTensor optional(InferRequest request, String name) {
        return request.inputs().stream().filter(t -> t != null && name.equals(t.name())).findFirst().orElse(null);
    }
}
