package dev.hetflow.sampler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.models.ManifestFile;
import dev.hetflow.common.models.ModelManifest;
import dev.hetflow.common.models.ModelPublished;
import dev.hetflow.common.models.Provenance;
import dev.hetflow.common.models.SamplerSignature;
import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.storage.Sha256;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.onnx.DataType;
import dev.hetflow.onnx.Dim;
import dev.hetflow.onnx.Graph;
import dev.hetflow.onnx.OnnxModel;
import dev.hetflow.onnx.Tensor;
import dev.hetflow.onnx.ValueInfo;
import dev.hetflow.stack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An SNF-shaped version, published as the trainer's Checkpointer writes one: latent {@code [Z, 1, 1]}, no solver
 * steps input, kind {@code snf}. The graphs are small stand-ins (sampler x = sigmoid(W z + b), encoder z = E x);
 * trainer-core's SnfOnnxTest checks the real SNF graphs against ND4J.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class SnfServingTest {

    private static final int LATENT = 5;
    /**
     * The service's encoder and sampler run in float32 (sums of 108 and 5 products), the expectation in double:
     * rounding moves the decoded values in (0,1) by ~1e-6 at most; a wrong latent moves them by ~0.1.
     */
    private static final double TOLERANCE = 1e-5;

    @Inject
    ObjectStore store;

    @Test
    void snfVersionServesSamplesWithoutStepsAndNeighboursThroughItsEncoder() {
        String model = "snf-" + UUID.randomUUID().toString().substring(0, 8);
        DatasetManifest dataset = TestModels.PIV;
        TestModels.Weights weights = TestModels.Weights.of(dataset, 1, LATENT);
        TestModels.announce(publish(model, dataset, weights));
        await(model);
        given().get("/models/" + model).then().statusCode(200).body("kind", org.hamcrest.Matchers.equalTo("snf"));

        JsonPath samples = post("/models/" + model + "/samples", "{\"n\": 3, \"seed\": 4}").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(0, samples.getInt("steps"), "no solver, no steps");
        assertEquals(List.of(3, 6, 6), samples.getList("shape"));
        assertEquals(3, samples.getList("samples").size());
        assertEquals(108, samples.getList("samples[0].x").size());
        assertEquals("u", samples.getString("samples[0].labels[0].channel"));
        post("/models/" + model + "/samples", "{\"n\": 1, \"steps\": 4}").then().statusCode(400)
                .body("message", containsString("no solver"));

        // noise 0: every neighbour is sampler(encoder(observation)), recomputed here
        float[] observation = new float[weights.size()];
        for (int i = 0; i < observation.length; i++) {
            observation[i] = (i % 7) / 7f;
        }
        float[] expected = weights.sample(encode(weights, observation), 1, 0);
        JsonPath neighbours = post("/models/" + model + "/neighbours", "{\"observation\": "
                + Arrays.toString(observation) + ", \"noise\": 0, \"n\": 2}").then().statusCode(200).extract()
                .jsonPath();
        List<List<Float>> xs = neighbours.getList("samples.x");
        assertEquals(2, xs.size());
        for (List<Float> x : xs) {
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], x.get(i), TOLERANCE, "neighbour value " + i);
            }
        }
    }

    /** z = E x in double, as the stand-in encoder computes it. */
    private static float[] encode(TestModels.Weights weights, float[] x) {
        float[] z = new float[weights.latent()];
        for (int i = 0; i < z.length; i++) {
            double sum = 0;
            for (int j = 0; j < x.length; j++) {
                sum += (double) weights.encoder()[i * x.length + j] * x[j];
            }
            z[i] = (float) sum;
        }
        return z;
    }

    private ModelPublished publish(String modelId, DatasetManifest dataset, TestModels.Weights weights) {
        List<Integer> s = dataset.shape();
        Dim[] data = {Dim.symbolic("N"), Dim.of(s.get(0)), Dim.of(s.get(1)), Dim.of(s.get(2))};
        Dim[] latent = {Dim.symbolic("N"), Dim.of(LATENT), Dim.of(1), Dim.of(1)};
        Graph sampler = new Graph("snf_sampler").input(ValueInfo.tensor("z", DataType.FLOAT, latent))
                .output(ValueInfo.tensor("x", DataType.FLOAT, data));
        sampler.initializer(Tensor.floats("W", weights.w(), weights.size(), LATENT));
        sampler.initializer(Tensor.floats("b", weights.b(), weights.size()));
        sampler.initializer(Tensor.longs("shape", new long[] {-1, s.get(0), s.get(1), s.get(2)}, 4));
        sampler.node("Flatten", "flat", "z").attr("axis", 1L);
        sampler.node("Gemm", "h", "flat", "W", "b").attr("transB", 1L);
        sampler.node("Sigmoid", "m", "h");
        sampler.node("Reshape", "x", "m", "shape");
        Graph encoder = new Graph("snf_encoder").input(ValueInfo.tensor("x", DataType.FLOAT, data))
                .output(ValueInfo.tensor("z", DataType.FLOAT, latent));
        encoder.initializer(Tensor.floats("E", weights.encoder(), LATENT, weights.size()));
        encoder.initializer(Tensor.longs("shape", new long[] {-1, LATENT, 1, 1}, 4));
        encoder.node("Flatten", "flat", "x").attr("axis", 1L);
        encoder.node("Gemm", "h", "flat", "E").attr("transB", 1L);
        encoder.node("Reshape", "z", "h", "shape");
        byte[] samplerBytes = OnnxModel.of(sampler).toBytes();
        byte[] encoderBytes = OnnxModel.of(encoder).toBytes();
        store.put(ObjectLayout.modelFile(modelId, 1, ObjectLayout.SAMPLER_ONNX), samplerBytes,
                "application/octet-stream");
        store.put(ObjectLayout.modelFile(modelId, 1, ObjectLayout.ENCODER_ONNX), encoderBytes,
                "application/octet-stream");
        JsonNode datasetJson = EventJson.mapper().valueToTree(dataset);
        ModelManifest manifest = new ModelManifest(ModelManifest.SCHEMA_VERSION, modelId, 1, "snf", Instant.now(),
                List.of(new ManifestFile(ObjectLayout.SAMPLER_ONNX, Sha256.of(samplerBytes), samplerBytes.length),
                        new ManifestFile(ObjectLayout.ENCODER_ONNX, Sha256.of(encoderBytes), encoderBytes.length)),
                datasetJson, EventJson.mapper().createObjectNode().put("model", "snf"), Map.of("bits_per_dim", 2.0),
                List.of(), new Provenance(1, "test", Map.of(), "linux", "amd64", "job-snf"),
                new SamplerSignature("z", List.of(LATENT, 1, 1), null, 0, "x", "x", "z"));
        byte[] manifestBytes = EventJson.write(manifest);
        String key = ObjectLayout.modelFile(modelId, 1, ObjectLayout.MANIFEST);
        store.put(key, manifestBytes, "application/json");
        return new ModelPublished(modelId, 1, "snf", key, Sha256.of(manifestBytes), dataset.id());
    }

    private static io.restassured.response.Response post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    private static void await(String model) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (given().get("/models/" + model).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("model " + model + " not loaded within 60 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
