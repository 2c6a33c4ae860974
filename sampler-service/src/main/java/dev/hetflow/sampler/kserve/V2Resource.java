package dev.hetflow.sampler.kserve;

import dev.hetflow.common.models.SamplerSignature;
import dev.hetflow.sampler.registry.LoadedModel;
import dev.hetflow.sampler.registry.ModelLease;
import dev.hetflow.sampler.registry.ModelRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** KServe's Open Inference Protocol v2 (REST), so that standard clients can call the sampler graphs. */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "kserve-v2")
public class V2Resource {

    private final ModelRegistry registry;
    private final V2Inference inference;

    V2Resource(ModelRegistry registry, V2Inference inference) {
        this.registry = registry;
        this.inference = inference;
    }

    @GET
    @Path("/health/live")
    @Operation(summary = "v2 server liveness")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("/health/ready")
    @Operation(summary = "v2 server readiness: at least one model is loaded")
    public Response ready() {
        boolean ready = !registry.list().isEmpty();
        return Response.status(ready ? 200 : 503).entity(Map.of("ready", ready)).build();
    }

    @GET
    @Path("/models/{name}")
    @Operation(summary = "v2 model metadata: versions, inputs and outputs of the sampler graph")
    public Map<String, Object> metadata(@PathParam("name") String name) {
        try (ModelLease lease = registry.lease(name, null)) {
            LoadedModel model = lease.model();
            SamplerSignature s = model.signature();
            List<Map<String, Object>> inputs = new ArrayList<>();
            List<Long> latent = new ArrayList<>(List.of(-1L));
            s.latentShape().forEach(d -> latent.add((long) d));
            inputs.add(Map.of("name", s.latentInput(), "datatype", "FP32", "shape", latent));
            if (s.stepsInput() != null) {
                inputs.add(Map.of("name", s.stepsInput(), "datatype", "INT64", "shape", List.of(1L)));
            }
            List<Long> output = new ArrayList<>(List.of(-1L));
            model.dataset().shape().forEach(d -> output.add((long) d));
            List<String> versions = registry.list().stream().filter(m -> m.modelId().equals(name))
                    .flatMap(m -> m.versions().stream()).map(String::valueOf).toList();
            return Map.of("name", name, "versions", versions, "platform", "onnxruntime_onnx", "inputs", inputs,
                    "outputs", List.of(Map.of("name", s.output(), "datatype", "FP32", "shape", output)));
        }
    }

    @GET
    @Path("/models/{name}/ready")
    @Operation(summary = "v2 model readiness (404 when the model is not loaded)")
    public Map<String, Object> modelReady(@PathParam("name") String name) {
        try (ModelLease lease = registry.lease(name, null)) {
            return Map.of("name", name, "ready", true, "version", lease.model().version());
        }
    }

    @POST
    @Path("/models/{name}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "v2 inference on the latest version: latent FP32 [N, C, H, W] (and INT64 steps) -> samples")
    public InferResponse infer(@PathParam("name") String name, InferRequest request) {
        return inference.infer(name, null, request);
    }

    @POST
    @Path("/models/{name}/versions/{version}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "v2 inference on one version")
    public InferResponse inferVersion(@PathParam("name") String name, @PathParam("version") int version,
                                      InferRequest request) {
        return inference.infer(name, version, request);
    }
}
