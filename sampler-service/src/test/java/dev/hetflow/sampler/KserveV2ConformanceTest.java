package dev.hetflow.sampler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.stack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Walks the REST endpoints of the Open Inference Protocol (KServe v2) with valid and invalid bodies: server metadata
 * and health, model and version metadata and readiness, inference (JSON and the binary tensor extension, requested
 * outputs, parameters), and for every failure a 4xx/5xx whose body is exactly {@code {"error": "..."}}.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class KserveV2ConformanceTest {

    private static final int SIZE = 3 * 6 * 6;

    @Inject
    ObjectStore store;

    @Test
    void serverHealthAndMetadata() {
        given().get("/v2").then().statusCode(200).body("name", equalTo("hetflow-sampler"))
                .body("version", org.hamcrest.Matchers.notNullValue())
                .body("extensions", hasItem("binary_tensor_data"));
        given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        String model = publishTwoVersions();
        given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));

        JsonPath meta = given().get("/v2/models/" + model).then().statusCode(200).extract().jsonPath();
        assertEquals(model, meta.getString("name"));
        assertEquals(List.of("1", "2"), meta.getList("versions"));
        assertEquals("onnxruntime_onnx", meta.getString("platform"));
        assertEquals(List.of("z", "steps"), meta.getList("inputs.name"));
        assertEquals(List.of("FP32", "INT64"), meta.getList("inputs.datatype"));
        assertEquals(List.of(-1, 3, 6, 6), meta.getList("inputs[0].shape"));
        assertEquals(List.of(-1, 3, 6, 6), meta.getList("outputs[0].shape"));
        given().get("/v2/models/" + model + "/versions/1").then().statusCode(200).body("name", equalTo(model));

        given().get("/v2/models/" + model + "/ready").then().statusCode(200).body("ready", equalTo(true))
                .body("name", equalTo(model)).body("version", equalTo("2"));
        given().get("/v2/models/" + model + "/versions/1/ready").then().statusCode(200)
                .body("version", equalTo("1"));

        error(given().get("/v2/models/no-such-model"), 404, "no-such-model");
        error(given().get("/v2/models/no-such-model/ready"), 404, "no-such-model");
        error(given().get("/v2/models/" + model + "/versions/9"), 404, "no loaded version 9");
        error(given().get("/v2/models/" + model + "/versions/9/ready"), 404, "no loaded version 9");
        error(given().get("/v2/models/" + model + "/versions/latest/ready"), 400, "whole numbers");
    }

    @Test
    void inferenceWithJsonAndBinaryTensors() throws Exception {
        String model = publishTwoVersions();
        float[] z = latents(2, 5);
        // nested data, fields in any order, an unknown extension field, parameters, the id echoed
        StringBuilder nested = new StringBuilder("[");
        for (int r = 0; r < 2; r++) {
            nested.append(r == 0 ? "[" : ",[");
            for (int i = 0; i < SIZE; i++) {
                nested.append(i == 0 ? "" : ",").append(z[r * SIZE + i]);
            }
            nested.append("]");
        }
        nested.append("]");
        String body = "{\"inputs\": [{\"data\": " + nested + ", \"datatype\": \"FP32\", \"shape\": [2, 3, 6, 6],"
                + " \"name\": \"z\", \"parameters\": {}}, {\"name\": \"steps\", \"shape\": [1], \"datatype\": \"INT64\","
                + " \"data\": [6]}], \"id\": \"req-1\", \"parameters\": {\"note\": \"ignored\"}, \"x-ext\": [1, 2],"
                + " \"outputs\": [{\"name\": \"x\"}]}";
        JsonPath answer = infer(model, body).then().statusCode(200).contentType(ContentType.JSON)
                .body("model_name", equalTo(model)).body("model_version", equalTo("2")).body("id", equalTo("req-1"))
                .body("outputs[0].name", equalTo("x")).body("outputs[0].datatype", equalTo("FP32"))
                .body("outputs[0].shape", equalTo(List.of(2, 3, 6, 6))).extract().jsonPath();
        float[] expected = TestModels.Weights.of(TestModels.PIV, 2).sample(z, 2, 6);
        assertClose(expected, toArray(answer.getList("outputs[0].data", Float.class)));

        // a named version; steps left out: the model's default
        String flat = "{\"inputs\": [{\"name\": \"z\", \"shape\": [2, 3, 6, 6], \"datatype\": \"FP32\", \"data\": "
                + flat(z) + "}]}";
        JsonPath v1 = given().contentType(ContentType.JSON).body(flat).post("/v2/models/" + model
                + "/versions/1/infer").then().statusCode(200).body("model_version", equalTo("1"))
                .body("id", equalTo(null)).extract().jsonPath();
        assertClose(TestModels.Weights.of(TestModels.PIV, 1).sample(z, 2, TestModels.DEFAULT_STEPS),
                toArray(v1.getList("outputs[0].data", Float.class)));

        // the binary tensor extension: inputs as raw little-endian bytes after the JSON header, output likewise
        byte[] header = ("{\"inputs\": [{\"name\": \"z\", \"shape\": [2, 3, 6, 6], \"datatype\": \"FP32\","
                + " \"parameters\": {\"binary_data_size\": " + 4 * z.length + "}}, {\"name\": \"steps\", \"shape\": [1],"
                + " \"datatype\": \"INT64\", \"data\": [6]}], \"outputs\": [{\"name\": \"x\", \"parameters\":"
                + " {\"binary_data\": true}}]}").getBytes(StandardCharsets.UTF_8);
        ByteBuffer raw = ByteBuffer.allocate(4 * z.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(z);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(header);
        request.write(raw.array());
        Response binary = given().contentType("application/octet-stream")
                .header("Inference-Header-Content-Length", header.length).body(request.toByteArray())
                .post("/v2/models/" + model + "/infer");
        assertEquals(200, binary.statusCode(), binary.asString());
        int length = Integer.parseInt(binary.header("Inference-Header-Content-Length"));
        byte[] bytes = binary.asByteArray();
        JsonPath head = JsonPath.from(new String(bytes, 0, length, StandardCharsets.UTF_8));
        assertEquals(4 * expected.length, head.getInt("outputs[0].parameters.binary_data_size"));
        org.junit.jupiter.api.Assertions.assertNull(head.get("outputs[0].data"));
        float[] out = new float[expected.length];
        ByteBuffer.wrap(bytes, length, bytes.length - length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        assertClose(expected, out);
        // binary_data_output as a request parameter, JSON inputs
        Response allBinary = infer(model, body.replace("\"parameters\": {\"note\": \"ignored\"}",
                "\"parameters\": {\"binary_data_output\": true}"));
        assertEquals(200, allBinary.statusCode());
        assertEquals("application/octet-stream", allBinary.contentType());
    }

    @Test
    void invalidRequestsGetA4xxWithAnErrorBody() {
        String model = publishTwoVersions();
        String ok = flat(latents(1, 1));
        String z = "{\"name\": \"z\", \"shape\": [1, 3, 6, 6], \"datatype\": \"FP32\", \"data\": " + ok + "}";
        error(infer(model, "{\"inputs\": [" + z), 400, "malformed JSON");
        error(infer(model, "not json"), 400, "malformed JSON");
        error(infer(model, "{}"), 400, "inputs");
        error(infer(model, "{\"inputs\": [{\"name\": \"z\", \"shape\": [1, 3, 6, 6], \"datatype\": \"FP64\", \"data\": "
                + ok + "}]}"), 400, "must be FP32");
        error(infer(model, "{\"inputs\": [{\"name\": \"z\", \"shape\": [1, 3, 5, 6], \"datatype\": \"FP32\", \"data\": "
                + ok + "}]}"), 400, "[N, 3, 6, 6]");
        error(infer(model, "{\"inputs\": [{\"name\": \"z\", \"shape\": [2, 3, 6, 6], \"datatype\": \"FP32\", \"data\": "
                + ok + "}]}"), 400, "holds 108 values instead of 216");
        error(infer(model, "{\"inputs\": [{\"name\": \"z\", \"shape\": [1, 3, 6, 6], \"datatype\": \"FP32\", \"data\": "
                + ok.replaceFirst("\\[[^,]*,", "[1e39,") + "}]}"), 400, "not a finite");
        error(infer(model, "{\"inputs\": [{\"name\": \"z\", \"shape\": [1, 3, 6, 6], \"datatype\": \"FP32\", \"data\": "
                + ok.replaceFirst("\\[[^,]*,", "[NaN,") + "}]}"), 400, "malformed JSON");
        // rows beyond max-samples, and a row count whose rows * latentSize would overflow an int
        error(infer(model, "{\"inputs\": [{\"name\": \"z\", \"shape\": [257, 3, 6, 6], \"datatype\": \"FP32\","
                + " \"data\": " + ok + "}]}"), 400, "N must be in 1..256");
        error(infer(model, "{\"inputs\": [{\"name\": \"z\", \"shape\": [2147483648, 3, 6, 6], \"datatype\": \"FP32\","
                + " \"data\": " + ok + "}]}"), 400, "N must be in 1..256");
        error(infer(model, "{\"inputs\": [{\"name\": \"z\", \"shape\": [0, 3, 6, 6], \"datatype\": \"FP32\","
                + " \"data\": []}]}"), 400, "N must be in 1..256");
        error(infer(model, "{\"inputs\": [" + z + ", {\"name\": \"temperature\", \"datatype\": \"FP32\", \"shape\": [1],"
                + " \"data\": [1]}]}"), 400, "no input named temperature");
        error(infer(model, "{\"inputs\": [" + z + ", {\"name\": \"steps\", \"datatype\": \"INT64\", \"shape\": [1],"
                + " \"data\": [2.5]}]}"), 400, "whole number");
        error(infer(model, "{\"inputs\": [" + z + ", {\"name\": \"steps\", \"datatype\": \"INT64\", \"shape\": [1],"
                + " \"data\": [100000]}]}"), 400, "steps must be in 1..1000");
        error(infer(model, "{\"inputs\": [" + z + "], \"outputs\": [{\"name\": \"labels\"}]}"), 400,
                "no output named labels");
        error(infer(model, "{\"inputs\": [" + z + ", " + z + "]}"), 400, "sent twice");
        error(given().contentType(ContentType.JSON).body("{\"inputs\": [" + z + "]}")
                .post("/v2/models/no-such-model/infer"), 404, "no-such-model");
        error(given().contentType("application/octet-stream").header("Inference-Header-Content-Length", 10)
                .body(("{\"inputs\": [" + z + "]}").getBytes(StandardCharsets.UTF_8))
                .post("/v2/models/" + model + "/infer"), 400, "malformed JSON");
    }

    private static Response infer(String model, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/v2/models/" + model + "/infer");
    }

    /** The status, and a body that is exactly {"error": "..."} containing {@code fragment}. */
    private static void error(Response response, int status, String fragment) {
        assertEquals(status, response.statusCode(), response.asString());
        Map<String, Object> body = response.jsonPath().getMap("$");
        assertEquals(List.of("error"), List.copyOf(body.keySet()), response.asString());
        assertTrue(body.get("error").toString().contains(fragment), response.asString());
    }

    private String publishTwoVersions() {
        String model = "v2-" + UUID.randomUUID().toString().substring(0, 8);
        TestModels.publish(store, model, 1, TestModels.PIV, false);
        TestModels.publish(store, model, 2, TestModels.PIV, false);
        Await.latest(model, 2);
        Await.until(() -> given().get("/v2/models/" + model + "/versions/1/ready").statusCode() == 200,
                model + " v1 loaded");
        return model;
    }

    private static float[] latents(int rows, long seed) {
        Random random = new Random(seed);
        float[] z = new float[rows * SIZE];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        return z;
    }

    private static String flat(float[] z) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < z.length; i++) {
            b.append(i == 0 ? "" : ",").append(z[i]);
        }
        return b.append("]").toString();
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** float32 Gemm over 108 terms of order 0.1 accumulates ~1e-6 round-off before the sigmoid (slope <= 1/4). */
    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5, "element " + i);
        }
    }
}
