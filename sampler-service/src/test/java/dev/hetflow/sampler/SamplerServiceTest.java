package dev.hetflow.sampler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.sampler.sampling.MicroBatcher;
import dev.hetflow.sampler.sampling.ServingSteps;
import dev.hetflow.stack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The sampler against the real local stack: models are written to S3 and announced on Kafka by the test itself,
 * exactly as the trainer publishes them.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class SamplerServiceTest {

    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    ObjectStore store;

    @Inject
    MicroBatcher batcher;

    @Inject
    ServingSteps servingSteps;

    @TestHTTPResource("/")
    URL base;

    @Test
    void publishedModelBecomesServableAndSamplesCarryDecodedLabels() {
        String model = newModelId("digits");
        TestModels.publish(store, model, 1, TestModels.DIGITS, false);
        awaitLatest(model, 1);

        JsonPath first = sample(model, "{\"n\": 4, \"seed\": 7}", null);
        assertEquals(1, first.getInt("version"));
        assertEquals(4, first.getList("samples").size());
        assertEquals(List.of(2, 6, 6), first.getList("shape"));
        assertEquals(TestModels.DEFAULT_STEPS, first.getInt("steps"));
        assertEquals("class", first.getString("samples[0].labels[0].channel"));
        int level = first.getInt("samples[0].labels[0].level");
        assertTrue(level >= 0 && level < 10, "class in 0..9, got " + level);
        assertTrue(first.getDouble("samples[0].labels[0].spread") >= 0);
        assertEquals(72, first.getList("samples[0].x").size());
        // the same seed gives the same samples; another seed does not
        JsonPath again = sample(model, "{\"n\": 4, \"seed\": 7}", null);
        assertEquals(first.getList("samples.x"), again.getList("samples.x"));
        JsonPath other = sample(model, "{\"n\": 4, \"seed\": 8}", null);
        assertTrue(!first.getList("samples.x").equals(other.getList("samples.x")));

        given().get("/models").then().statusCode(200).body("find { it.modelId == '" + model + "' }.versions",
                equalTo(List.of(1)));
        given().get("/models/" + model).then().statusCode(200).body("metrics.bits_per_dim", equalTo(1.4f))
                .body("sampler.stepsInput", equalTo("steps"));
    }

    /** KServe v2 on the real graph, checked against the same model computed in Java. */
    @Test
    void v2InferMatchesTheModelComputedInJava() {
        String model = newModelId("piv");
        TestModels.publish(store, model, 1, TestModels.PIV, false);
        awaitLatest(model, 1);
        int size = 3 * 6 * 6;
        float[] z = new float[2 * size];
        java.util.Random random = new java.util.Random(3);
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
            data.append(i == 0 ? "" : ",").append(z[i]);
        }
        String body = "{\"id\": \"r1\", \"inputs\": [{\"name\": \"z\", \"shape\": [2, 3, 6, 6], \"datatype\": \"FP32\","
                + " \"data\": [" + data + "]}, {\"name\": \"steps\", \"shape\": [1], \"datatype\": \"INT64\","
                + " \"data\": [10]}]}";
        JsonPath answer = given().contentType(ContentType.JSON).body(body).post("/v2/models/" + model + "/infer")
                .then().statusCode(200).body("id", equalTo("r1")).body("outputs[0].shape", equalTo(
                        List.of(2, 3, 6, 6))).extract().jsonPath();
        List<Float> out = answer.getList("outputs[0].data", Float.class);
        float[] expected = TestModels.Weights.of(TestModels.PIV, 1).sample(z, 2, 10);
        // float32 Gemm over 108 terms of order 0.1 accumulates ~1e-6 round-off before the sigmoid (slope <= 1/4)
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], out.get(i), 1e-5, "element " + i);
        }
        given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2/models/" + model + "/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2/models/" + model).then().statusCode(200).body("inputs[0].shape", equalTo(
                List.of(-1, 3, 6, 6)));

        // PIV labels come back in pixels within the channel's range
        JsonPath piv = sample(model, "{\"n\": 2, \"seed\": 1}", null);
        assertEquals("u", piv.getString("samples[0].labels[0].channel"));
        assertEquals("px", piv.getString("samples[0].labels[0].unit"));
        double u = piv.getDouble("samples[0].labels[0].value");
        assertTrue(u > -4 && u < 4, "u within the channel's -4..4 px, got " + u);
    }

    @Test
    void hotSwapUnderTwoHundredConcurrentRequestsFailsNone() throws Exception {
        String model = newModelId("swap");
        TestModels.publish(store, model, 1, TestModels.PIV, false);
        awaitLatest(model, 1);
        long batchesBefore = batcher.batches();
        HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                int seed = i;
                answers.add(clients.submit(() -> client.send(HttpRequest.newBuilder(
                        URI.create(base + "models/" + model + "/samples"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"n\": 2, \"seed\": " + seed + "}")).build(),
                        HttpResponse.BodyHandlers.ofString())));
                if (i == 20) {
                    TestModels.publish(store, model, 2, TestModels.PIV, false);
                }
            }
            Set<Integer> versions = new HashSet<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertEquals(200, response.statusCode(), response.body());
                versions.add(JsonPath.from(response.body()).getInt("version"));
            }
            assertTrue(versions.contains(1), "requests before the swap were served by v1: " + versions);
        } finally {
            clients.shutdownNow();
        }
        awaitLatest(model, 2);
        assertEquals(2, sample(model, "{\"n\": 1}", null).getInt("version"));
        // the previous version stays addressable
        assertEquals(1, sample(model, "{\"n\": 1}", 1).getInt("version"));
        // concurrent requests were merged into fewer ONNX Runtime calls than requests
        long batches = batcher.batches() - batchesBefore;
        assertTrue(batches < 200, "micro-batching merged requests: " + batches + " batches for 200 requests");
    }

    /** Merged into shared batches, every request still gets exactly the samples it would get alone. */
    @Test
    void microBatchedRequestsGetTheirOwnSamples() throws Exception {
        String model = newModelId("batch");
        TestModels.publish(store, model, 1, TestModels.DIGITS, false);
        awaitLatest(model, 1);
        HttpClient client = HttpClient.newHttpClient();
        ExecutorService clients = Executors.newFixedThreadPool(24);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        long batchesBefore = batcher.batches();
        try {
            for (int i = 0; i < 48; i++) {
                String body = "{\"n\": " + (1 + i % 5) + ", \"seed\": " + (100 + i) + "}";
                answers.add(clients.submit(() -> client.send(HttpRequest.newBuilder(
                        URI.create(base + "models/" + model + "/samples")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())));
            }
            for (int i = 0; i < answers.size(); i++) {
                HttpResponse<String> response = answers.get(i).get();
                assertEquals(200, response.statusCode(), response.body());
                JsonPath alone = sample(model, "{\"n\": " + (1 + i % 5) + ", \"seed\": " + (100 + i) + "}", null);
                assertSameSamples(alone, JsonPath.from(response.body()), "request " + i);
            }
        } finally {
            clients.shutdownNow();
        }
        assertTrue(batcher.batches() - batchesBefore < 48 + 48, "some of the 48 concurrent requests shared a batch");
    }

    @Test
    void tamperedFileIsRefusedAndThePreviousVersionKeepsServing() {
        String model = newModelId("tamper");
        TestModels.publish(store, model, 1, TestModels.DIGITS, false);
        awaitLatest(model, 1);
        TestModels.publish(store, model, 2, TestModels.DIGITS, true);
        await(() -> given().get("/models").then().extract().jsonPath()
                .getMap("find { it.modelId == '" + model + "' }.refused").containsKey("2"));
        given().get("/models").then().body("find { it.modelId == '" + model + "' }.refused.'2'",
                containsString("sampler.onnx"));
        assertEquals(1, sample(model, "{\"n\": 1}", null).getInt("version"));
        given().get("/models/" + model).then().body("version", equalTo(1));
    }

    @Test
    void badRequestsGetTheirClientErrors() {
        String model = newModelId("bounds");
        TestModels.publish(store, model, 1, TestModels.DIGITS, false);
        awaitLatest(model, 1);
        String samples = "/models/" + model + "/samples";
        post(samples, "{\"n\": 0}").then().statusCode(400).body("message", containsString("n must be in 1..256"));
        post(samples, "{\"n\": 257}").then().statusCode(400).body("message", containsString("n must be in 1..256"));
        post(samples, "{\"n\": 2, \"temperature\": -1}").then().statusCode(400)
                .body("message", containsString("temperature"));
        post(samples, "{\"n\": 2, \"steps\": 0}").then().statusCode(400).body("message", containsString("steps"));
        post(samples, "{\"n\": 2,").then().statusCode(400).body("message", containsString("malformed JSON"));
        post(samples, "{\"n\": \"many\"}").then().statusCode(400).body("message", containsString("malformed JSON"));
        post("/models/no-such-model/samples", "{\"n\": 1}").then().statusCode(404)
                .body("message", containsString("no-such-model"));
        given().contentType(ContentType.JSON).body("{\"n\": 1}").queryParam("version", 9).post(samples).then()
                .statusCode(404).body("message", containsString("no loaded version 9"));
        post("/models/" + model + "/neighbours", "{\"observation\": [0.5, 0.5], \"noise\": 0.2}").then()
                .statusCode(400).body("message", containsString("C*H*W = 72"));
        post("/models/" + model + "/neighbours", "{\"observation\": [], \"noise\": 3}").then().statusCode(400)
                .body("message", containsString("noise"));
        post("/v2/models/" + model + "/infer", "{\"inputs\": [{\"name\": \"z\", \"shape\": [1, 2, 5, 5],"
                + " \"datatype\": \"FP32\", \"data\": [0]}]}").then().statusCode(400)
                .body("error", containsString("[N, 2, 6, 6]"));
        post("/v2/models/" + model + "/infer", "{\"inputs\": [{\"name\": \"z\", \"shape\": [1, 2, 6, 6],"
                + " \"datatype\": \"FP32\", \"data\": [0, 1]}]}").then().statusCode(400)
                .body("error", containsString("holds 2 values instead of 72"));
        given().get("/v2/models/no-such-model/ready").then().statusCode(404);
        post("/models/" + model + "/exports", "{\"n\": 10}").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON).body("{\"n\": 10}")
                .post("/models/" + model + "/exports").then().statusCode(401);
        authorized().body("{\"n\": 0}").post("/models/" + model + "/exports").then().statusCode(400);
    }

    @Test
    void neighboursPngAndNpz() throws Exception {
        String model = newModelId("formats");
        TestModels.publish(store, model, 1, TestModels.PIV, false);
        awaitLatest(model, 1);
        StringBuilder observation = new StringBuilder();
        for (int i = 0; i < 108; i++) {
            observation.append(i == 0 ? "" : ",").append(0.5);
        }
        JsonPath near = post("/models/" + model + "/neighbours", "{\"observation\": [" + observation
                + "], \"noise\": 0.1, \"n\": 3, \"seed\": 5}").then().statusCode(200).extract().jsonPath();
        JsonPath far = post("/models/" + model + "/neighbours", "{\"observation\": [" + observation
                + "], \"noise\": 0.5, \"n\": 3, \"seed\": 5}").then().statusCode(200).extract().jsonPath();
        // more latent noise moves the decoded neighbours further from each other
        assertTrue(spread(near) < spread(far), "noise 0.1 spread " + spread(near) + " < noise 0.5 " + spread(far));

        byte[] png = given().contentType(ContentType.JSON).accept("image/png").body("{\"n\": 4, \"seed\": 1}")
                .post("/models/" + model + "/samples").then().statusCode(200).contentType("image/png")
                .extract().asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(2 * 96, image.getWidth(), "2x2 grid of 96 px tiles (6 px scaled by 16)");

        byte[] npz = given().contentType(ContentType.JSON).accept("application/x-npz").body("{\"n\": 3}")
                .post("/models/" + model + "/samples").then().statusCode(200).extract().asByteArray();
        Set<String> entries = new HashSet<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.add(e.getName());
                if (e.getName().equals("x.npy")) {
                    byte[] header = zip.readNBytes(80);
                    assertTrue(new String(header, java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains("'shape': (3, 3, 6, 6)"));
                }
            }
        }
        assertEquals(Set.of("x.npy", "u.npy", "u_spread.npy", "v.npy", "v_spread.npy"), entries);
    }

    @Test
    void exportWritesRecordsAndShards() {
        String model = newModelId("export");
        TestModels.publish(store, model, 1, TestModels.DIGITS, false);
        awaitLatest(model, 1);
        String id = authorized().body("{\"n\": 300, \"seed\": 3, \"shards\": true}")
                .post("/models/" + model + "/exports").then().statusCode(202).body("state", equalTo("running"))
                .extract().path("exportId");
        await(() -> "done".equals(given().get("/exports/" + id).then().extract().path("state")));
        JsonPath status = given().get("/exports/" + id).then().statusCode(200).body("produced", equalTo(300))
                .body("shardKeys", hasSize(2)).extract().jsonPath();
        for (String key : status.getList("shardKeys", String.class)) {
            assertTrue(store.exists(key), key);
        }
        assertEquals(300, ExportRecords.count(TestModels.bootstrap(), status.getString("topic")));
        given().get("/exports/nope").then().statusCode(404);

        given().delete("/exports/" + id).then().statusCode(401);
        authorized().delete("/exports/" + id).then().statusCode(204);
        for (String key : status.getList("shardKeys", String.class)) {
            assertFalse(store.exists(key), "shard deleted with its export: " + key);
        }
        assertFalse(ExportRecords.topicExists(TestModels.bootstrap(), status.getString("topic")),
                "topic deleted with its export");
        given().get("/exports/" + id).then().statusCode(404);
        authorized().delete("/exports/" + id).then().statusCode(404);
    }

    @Test
    void malformedEventGoesToTheDeadLetterTopicWithItsReasonAndConsumptionGoesOn() {
        String key = newModelId("garbage");
        TestModels.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                dev.hetflow.common.topics.Topics.MODELS, key, "not an event".getBytes()));
        String reason = ExportRecords.deadLetterReason(TestModels.bootstrap(), key);
        assertTrue(reason.contains("missing CloudEvents header"), reason);
        String model = newModelId("after");
        TestModels.publish(store, model, 1, TestModels.DIGITS, false);
        awaitLatest(model, 1);
    }

    /**
     * An untrained model's labels say nothing about its frames, so the estimator disagrees with them far more than
     * with the true labels of real pairs: the measure separates the two.
     */
    @Test
    void pivLabelFidelityIsReportedBesideRealPairs() {
        String model = newModelId("fidelity");
        TestModels.publish(store, model, 1, TestModels.PIV_REAL, List.of(4, 4, 4), false);
        awaitLatest(model, 1);
        JsonPath report = given().queryParam("n", 32).get("/models/" + model + "/fidelity").then().statusCode(200)
                .body("method", equalTo("piv-cross-correlation")).body("samples", equalTo(32))
                .body("version", equalTo(1)).extract().jsonPath();
        assertEquals("rms_px", report.getString("measure"));
        double real = report.getDouble("real");
        double generated = report.getDouble("generated");
        // datasets' PivEstimatorTest bounds uniform flows on 32x32 pairs at 0.1 px RMS; 32 pairs leave some scatter
        assertTrue(real < 0.2, "real pairs: " + real + " px");
        assertTrue(Double.isNaN(generated) || generated > 2 * real, "generated " + generated + " vs real " + real);
        // the judge's full verdict: an untrained model's pairs are not pairs, so most readings fail and it does not
        // pass; the window and the searched range (the label channel's +-3 px plus 2) are reported
        assertEquals(32, report.getInt("piv.windowPx"));
        assertEquals(5.0, report.getDouble("piv.searchRadiusPx"), 1e-9);
        assertTrue(report.getDouble("piv.failureShare") > 0.5, "failures " + report.getDouble("piv.failureShare"));
        assertEquals(report.getInt("generatedInvalid"), (int) Math.round(32 * report.getDouble("piv.failureShare")));
        assertTrue(report.getDouble("piv.realFailureShare") <= 0.05);
        assertTrue(Double.isFinite(report.getDouble("piv.spreadRatio")));
        assertEquals(false, report.getBoolean("piv.passes"));
        assertTrue(!report.getList("piv.failedCriteria").isEmpty());

        String digits = newModelId("digits");
        TestModels.publish(store, digits, 1, TestModels.DIGITS, false);
        awaitLatest(digits, 1);
        given().get("/models/" + digits + "/fidelity").then().statusCode(400)
                .body("message", containsString("28x28"));
        given().queryParam("n", 0).get("/models/" + model + "/fidelity").then().statusCode(400);

        // fidelity against solver steps: the report says which steps drew the samples; out-of-range steps are a 400
        given().queryParam("n", 8).queryParam("steps", 1).get("/models/" + model + "/fidelity").then()
                .statusCode(200).body("steps", equalTo(1)).body("samples", equalTo(8));
        given().queryParam("n", 8).queryParam("steps", 0).get("/models/" + model + "/fidelity").then()
                .statusCode(400).body("message", containsString("steps"));

        // calibration: an untrained model fails the judge at its own steps, so it keeps them
        JsonPath calibrated = given().queryParam("n", 8).post("/models/" + model + "/serving-steps").then()
                .statusCode(200).extract().jsonPath();
        int own = calibrated.getInt("modelSteps");
        assertEquals(own, calibrated.getInt("servingSteps"));
        List<Integer> swept = calibrated.getList("sweep.steps", Integer.class);
        assertEquals(own, swept.get(swept.size() - 1));
        assertEquals(1, swept.get(0));
        // requests that name no steps get the serving steps once they are chosen
        servingSteps.choose(model, 1, 1);
        try {
            given().queryParam("n", 8).queryParam("seed", 5).get("/models/" + model + "/fidelity").then()
                    .statusCode(200).body("steps", equalTo(1));
        } finally {
            servingSteps.forget(model, 1);
        }
        given().queryParam("n", 8).queryParam("seed", 5).get("/models/" + model + "/fidelity").then()
                .statusCode(200).body("steps", equalTo(own));
    }

    /**
     * The digit judge is fitted on real digits; an untrained model's class labels are unrelated to its images, so the
     * judge agrees with them about as often as chance (10 %, kappa near 0), far below its real accuracy.
     */
    @Test
    void mnistLabelFidelityIsReportedBesideTheClassifiersRealAccuracy() {
        java.nio.file.Path digits = java.nio.file.Path.of(System.getProperty("hetflow.shared.data",
                "../../shared/data"), "mnist", "t10k-images-idx3-ubyte.gz");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(digits),
                "MNIST's t10k files are not in shared/data/mnist: skipped");
        String model = newModelId("mnist");
        TestModels.publish(store, model, 1, TestModels.MNIST, List.of(4, 4, 4), false);
        awaitLatest(model, 1);
        // the k-NN judge reads 200 generated digits against 40,000 references (and may still be fitting, a few CPU
        // seconds): on the shared 2-core box at load 20-30 that took 40 s, past RestAssured's 30 s
        JsonPath report = given().config(io.restassured.RestAssured.config().httpClient(
                        io.restassured.config.HttpClientConfig.httpClientConfig()
                                .setParam("http.socket.timeout", 300_000)))
                .queryParam("n", 200).get("/models/" + model + "/fidelity").then().statusCode(200)
                .body("method", equalTo("mnist-knn")).body("measure", equalTo("agreement")).extract()
                .jsonPath();
        double real = report.getDouble("real");
        double generated = report.getDouble("generated");
        // the k-NN judge over 8,000 real digits: 0.976 on the 2,000 held out (datasets' DigitJudgeTest)
        assertTrue(real >= 0.97, "held-out accuracy " + real);
        assertEquals(real, report.getDouble("mnist.judgeAccuracy"), 1e-12);
        assertEquals(200, report.getList("mnist.generatedHistogram", Integer.class).stream().mapToInt(i -> i).sum());
        assertEquals(200, report.getList("mnist.judgedHistogram", Integer.class).stream().mapToInt(i -> i).sum());
        // unrelated classes: kappa near 0 (its standard error at n = 200 is about 0.03)
        assertTrue(Math.abs(report.getDouble("mnist.kappa")) < 0.2, "kappa " + report.getDouble("mnist.kappa"));
        // chance is 0.1; 200 samples put 3 standard deviations at about 0.06 around it
        assertTrue(generated < 0.5, "agreement of an untrained model " + generated);
    }

    @Test
    void neighboursOfADatasetIndexAndTheOpenApiDocument() {
        String model = newModelId("piv-index");
        TestModels.publish(store, model, 1, TestModels.PIV_REAL, List.of(4, 4, 4), false);
        awaitLatest(model, 1);
        JsonPath near = post("/models/" + model + "/neighbours", "{\"datasetIndex\": 3, \"noise\": 0.3, \"n\": 3}")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(3, near.getList("samples").size());
        assertEquals(List.of(4, 32, 32), near.getList("shape"));
        post("/models/" + model + "/neighbours", "{\"datasetIndex\": 100, \"noise\": 0.3}").then().statusCode(400)
                .body("message", containsString("0..99"));
        post("/models/" + model + "/neighbours", "{\"noise\": 0.3}").then().statusCode(400)
                .body("message", containsString("either"));
        String digits = newModelId("digits-index");
        TestModels.publish(store, digits, 1, TestModels.DIGITS, false);
        awaitLatest(digits, 1);
        post("/models/" + digits + "/neighbours", "{\"datasetIndex\": 1}").then().statusCode(400)
                .body("message", containsString("PIV"));

        String openapi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract()
                .asString();
        for (String path : List.of("/models/{model}/samples", "/models/{model}/neighbours", "/models/{model}/exports",
                "/v2/models/{name}/infer", "/models/{model}/fidelity", "/models/{model}/serving-steps",
                "/exports/{export}")) {
            assertTrue(openapi.contains("\"" + path + "\""), "OpenAPI documents " + path);
        }
    }

    /**
     * Same sizes, same values within 1e-6: a BLAS kernel may sum a row's products in another order inside a larger
     * batch, which moves float32 outputs in (0,1) by a few ulp (~1e-7); a sample from another request or seed differs
     * by ~0.1.
     */
    private static void assertSameSamples(JsonPath expected, JsonPath actual, String what) {
        List<List<Float>> e = expected.getList("samples.x");
        List<List<Float>> a = actual.getList("samples.x");
        assertEquals(e.size(), a.size(), what + ": sample count");
        for (int s = 0; s < e.size(); s++) {
            for (int i = 0; i < e.get(s).size(); i++) {
                assertEquals(e.get(s).get(i), a.get(s).get(i), 1e-6, what + ": sample " + s + " value " + i);
            }
        }
    }

    private static double spread(JsonPath samples) {
        List<List<Float>> xs = samples.getList("samples.x");
        double sum = 0;
        for (int i = 0; i < xs.get(0).size(); i++) {
            double d = xs.get(0).get(i) - xs.get(1).get(i);
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    private static io.restassured.specification.RequestSpecification authorized() {
        return given().header("Authorization", "Bearer test-token").contentType(ContentType.JSON);
    }

    private static io.restassured.response.Response post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    private static JsonPath sample(String model, String body, Integer version) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (version != null) {
            request.queryParam("version", version);
        }
        return request.post("/models/" + model + "/samples").then().statusCode(200).extract().jsonPath();
    }

    private static void awaitLatest(String model, int version) {
        await(() -> {
            var response = given().get("/models/" + model).then().extract();
            return response.statusCode() == 200 && response.jsonPath().getInt("version") == version;
        });
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + LOAD_TIMEOUT);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    private static String newModelId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
