package dev.hetflow.sampler.kserve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hetflow.common.models.SamplerSignature;
import dev.hetflow.sampler.admission.Sampling;
import dev.hetflow.sampler.registry.LoadedModel;
import dev.hetflow.sampler.registry.ModelLease;
import dev.hetflow.sampler.registry.ModelRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * KServe's Open Inference Protocol v2 (REST), so that standard clients can call the sampler graphs: server metadata
 * and health, model (and version) metadata and readiness, inference with JSON tensors or the binary tensor extension.
 * Failures answer {@code {"error": "..."}} with a 4xx (a model that is not loaded: 404) or 5xx.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "kserve-v2")
public class V2Resource {

    static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    static final String BINARY_EXTENSION = "binary_tensor_data";
    static final String SERVER = "hetflow-sampler";

    private final ModelRegistry registry;
    private final V2Inference inference;
    private final ObjectMapper json;
    private final String serverVersion;

    V2Resource(ModelRegistry registry, V2Inference inference, ObjectMapper json,
               @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String serverVersion) {
        this.registry = registry;
        this.inference = inference;
        this.json = json;
        this.serverVersion = serverVersion;
    }

    @GET
    @Operation(summary = "v2 server metadata: name, version, extensions")
    public Map<String, Object> server() {
        return Map.of("name", SERVER, "version", serverVersion, "extensions", List.of(BINARY_EXTENSION));
    }

    @GET
    @Path("/health/live")
    @Operation(summary = "v2 server liveness")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("/health/ready")
    @Operation(summary = "v2 server readiness: 200 once a model is loaded, 400 (not ready) before")
    public Response ready() {
        boolean ready = !registry.list().isEmpty();
        return Response.status(ready ? 200 : 400).entity(Map.of("ready", ready)).build();
    }

    @GET
    @Path("/models/{name}")
    @Operation(summary = "v2 model metadata of the latest version: versions, inputs and outputs of the sampler graph")
    public Response metadata(@PathParam("name") String name) {
        return V2Answers.answer(() -> Response.ok(metadata(name, null)).build());
    }

    @GET
    @Path("/models/{name}/versions/{version}")
    @Operation(summary = "v2 model metadata of one version")
    public Response versionMetadata(@PathParam("name") String name, @PathParam("version") String version) {
        return V2Answers.answer(() -> Response.ok(metadata(name, version(version))).build());
    }

    @GET
    @Path("/models/{name}/ready")
    @Operation(summary = "v2 model readiness: 200 when loaded, 404 when not")
    public Response modelReady(@PathParam("name") String name) {
        return V2Answers.answer(() -> ready(name, null));
    }

    @GET
    @Path("/models/{name}/versions/{version}/ready")
    @Operation(summary = "v2 readiness of one version: 200 when loaded, 404 when not")
    public Response versionReady(@PathParam("name") String name, @PathParam("version") String version) {
        return V2Answers.answer(() -> ready(name, version(version)));
    }

    @POST
    @Path("/models/{name}/infer")
    @Sampling
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "v2 inference on the latest version: latent FP32 [N, C, H, W] (and INT64 steps) -> samples; "
            + "JSON, or a JSON header of Inference-Header-Content-Length bytes followed by binary tensors")
    public Response infer(@PathParam("name") String name, @HeaderParam(HEADER_LENGTH) Long headerLength,
                          InputStream body) {
        return V2Answers.answer(() -> infer(name, null, headerLength, body));
    }

    @POST
    @Path("/models/{name}/versions/{version}/infer")
    @Sampling
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "v2 inference on one version")
    public Response inferVersion(@PathParam("name") String name, @PathParam("version") String version,
                                 @HeaderParam(HEADER_LENGTH) Long headerLength, InputStream body) {
        return V2Answers.answer(() -> infer(name, version(version), headerLength, body));
    }

    private Response infer(String name, Integer version, Long headerLength, InputStream body) throws IOException {
        inference.checkRoom();
        InferRequestParser parser = new InferRequestParser(json.getFactory(), inference.maxValues(name, version));
        ParsedInfer request = headerLength == null ? parser.parse(body) : parser.parse(body, headerLength);
        V2Inference.Result r = inference.infer(name, version, request);
        String modelVersion = Integer.toString(r.model().version());
        if (!r.binary()) {
            return Response.ok(new InferResponse(r.model().name(), modelVersion, r.id(), List.of(
                    new InferResponse.Output(r.output(), r.shape(), "FP32", null, r.data()))),
                    MediaType.APPLICATION_JSON_TYPE).build();
        }
        long bytes = 4L * r.data().length;
        byte[] header = json.writeValueAsBytes(new InferResponse(r.model().name(), modelVersion, r.id(), List.of(
                new InferResponse.Output(r.output(), r.shape(), "FP32", Map.of("binary_data_size", bytes), null))));
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length + (int) bytes);
        out.write(header);
        ByteBuffer data = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(r.data());
        out.write(data.array());
        return Response.ok(out.toByteArray(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HEADER_LENGTH, header.length).build();
    }

    private Response ready(String name, Integer version) {
        try (ModelLease lease = registry.lease(name, version)) {
            return Response.ok(Map.of("name", name, "ready", true,
                    "version", Integer.toString(lease.model().version()))).build();
        }
    }

    private Map<String, Object> metadata(String name, Integer version) {
        try (ModelLease lease = registry.lease(name, version)) {
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
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", name);
            out.put("versions", versions);
            out.put("platform", "onnxruntime_onnx");
            out.put("inputs", inputs);
            out.put("outputs", List.of(Map.of("name", s.output(), "datatype", "FP32", "shape", output)));
            return out;
        }
    }

    /** A version in the path: a positive whole number, else a 400. */
    private static Integer version(String version) {
        try {
            int v = Integer.parseInt(version);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("model versions are whole numbers from 1, got " + version);
    }
}
