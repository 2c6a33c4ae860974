package dev.hetflow.trainer.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.events.EventTypes;
import dev.hetflow.common.models.ModelManifest;
import dev.hetflow.common.models.ModelPublished;
import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.stack.LocalStackTestResource;
import dev.hetflow.trainer.checkpoint.StateCodec;
import dev.hetflow.trainer.checkpoint.TrainingState;
import dev.hetflow.trainer.data.KafkaClients;
import dev.hetflow.trainer.data.PivRecords;
import dev.hetflow.trainer.model.FfjordMlpSpec;
import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.model.SampleShape;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The trainer service end to end on the real local stack: REST, Kafka data, S3 checkpoints, ONNX in ORT. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class JobResourceTest {

    /** float32 RK4 in ND4J and ORT differ by rounding only (~1e-6 measured); the bound. */
    private static final double TOLERANCE = 1e-4;
    private static final String TOKEN = "Bearer test-token";

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private String datasetId;

    @BeforeEach
    void dataSet() throws Exception {
        try (Producer<String, byte[]> producer = KafkaClients.producer(bootstrap, "job-resource-test")) {
            datasetId = PivRecords.publish(bootstrap, store, producer, PivRecords.source(8, 60));
        }
    }

    private String spec(String model, String dataset) {
        return """
                {"model": "%s", "datasetId": "%s", "layout": "heterogeneous", "batchSize": 8, "seed": 5,
                 "maxEpochs": 2, "maxIterations": 10, "checkpointInterval": 4,
                 "ffjord": {"hidden": [8], "blocks": 1, "steps": 2, "time": 0.5, "conditioning": "CONCATSQUASH",
                            "activation": "TANH", "trainDivergence": "HUTCHINSON_RADEMACHER",
                            "evalDivergence": "HUTCHINSON_RADEMACHER"}}
                """.formatted(model, dataset);
    }

    @Test
    void submitWithoutTokenIsRefused() {
        given().contentType(ContentType.JSON).body(spec("ffjord", datasetId)).post("/jobs").then().statusCode(401);
        given().delete("/jobs/job-anything").then().statusCode(401);
    }

    @Test
    void cancelStopsARunningJob() throws Exception {
        String body = spec("ffjord", datasetId).replace("\"maxEpochs\": 2, \"maxIterations\": 10",
                "\"maxEpochs\": 1000, \"maxIterations\": 1000000").replace("\"checkpointInterval\": 4",
                "\"checkpointInterval\": 1000000");
        String jobId = given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).post("/jobs")
                .then().statusCode(202).extract().path("jobId");
        long deadline = System.currentTimeMillis() + 60_000;
        while (!"RUNNING".equals(given().get("/jobs/" + jobId).then().extract().path("state"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        given().header("Authorization", TOKEN).delete("/jobs/" + jobId).then().statusCode(202);
        String state = null;
        while (System.currentTimeMillis() < deadline) {
            state = given().get("/jobs/" + jobId).then().extract().path("state");
            if (!"RUNNING".equals(state)) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("CANCELLED", state);
        List<CloudEvent> finished = EventLog.ofType(EventLog.readUntil(bootstrap, Topics.TRAINING_EVENTS, jobId,
                EventTypes.JOB_FINISHED), EventTypes.JOB_FINISHED);
        assertEquals(1, finished.size());
        assertEquals("CANCELLED", EventJson.read(finished.get(0).data(), JsonNode.class).get("outcome").asText());
    }

    @Test
    void badSpecsGetA400WithTheReason() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(spec("gan", datasetId))
                .post("/jobs").then().statusCode(400).body("message", containsString("model must be"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(spec("ffjord", datasetId).replace("\"steps\": 2", "\"steps\": 2, \"trainSolver\": "
                        + "{\"method\": \"DOPRI5\"}"))
                .post("/jobs").then().statusCode(400)
                .body("message", containsString("trainSolver must be a fixed-step method"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(spec("ffjord", datasetId).replace("\"TANH\"", "\"RELU\"")).post("/jobs").then()
                .statusCode(400).body("message", containsString("RELU"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"model\": {\"kind\": \"gan\"}, \"datasetId\": \"" + datasetId + "\"}").post("/jobs")
                .then().statusCode(400).body("message", containsString("gan"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(spec("ffjord", "no-such-set"))
                .post("/jobs").then().statusCode(400).body("message", containsString("unknown data set"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(spec("ffjord", datasetId).replace("\"blocks\": 1", "\"blocks\": 0"))
                .post("/jobs").then().statusCode(400);
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{not json")
                .post("/jobs").then().statusCode(400);
        given().get("/jobs/job-000000000000").then().statusCode(404);
    }

    @Test
    void aPartialSettingsObjectTakesTheDefaultsOrGetsA400WithItsMessage() {
        // a new user's first try: only some FFJORD fields; what is left out takes the kind's defaults
        String partial = """
                {"model": "ffjord", "datasetId": "%s", "maxEpochs": 1, "maxIterations": 1,
                 "ffjord": {"hidden": [8], "blocks": 1, "steps": 2}}
                """.formatted(datasetId);
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(partial).post("/jobs")
                .then().statusCode(202);
        // a value refused while the JSON is read answers 400 with the refusal, not an empty body
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(partial.replace("\"blocks\": 1", "\"blocks\": 0")).post("/jobs")
                .then().statusCode(400).body("message", containsString("blocks must be 1..8"));
    }

    @Test
    void theCurrentShapeAModelObjectWithAKindTrainsAndIsWhatGetSpecAnswers() throws Exception {
        String body = """
                {"model": {"kind": "ffjord-mlp", "hidden": [8], "time": 0.5,
                           "trainSolver": {"method": "MIDPOINT", "steps": 2},
                           "evalSolver": {"method": "DOPRI5", "atol": 1e-4, "rtol": 1e-4}},
                 "datasetId": "%s", "batchSize": 8, "seed": 5, "maxEpochs": 1, "maxIterations": 100,
                 "checkpointInterval": 1000}
                """.formatted(datasetId);
        String jobId = given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).post("/jobs")
                .then().statusCode(202).extract().path("jobId");
        JsonNode status = awaitEnd(jobId);
        assertEquals("FINISHED", status.get("state").asText(), status.toString());
        assertTrue(Double.isFinite(status.get("validBitsPerDim").asDouble()), status.toString());
        assertTrue(Double.isFinite(status.get("validBitsPerDimTrainSolver").asDouble()), status.toString());
        assertEquals("dopri5, atol 1.0E-4, rtol 1.0E-4", status.get("evaluationMethod").asText());
        // the stored spec: one model object with every default filled in
        given().get("/jobs/" + jobId + "/spec").then().statusCode(200)
                .body("model.kind", equalTo("ffjord-mlp"))
                .body("model.blocks", equalTo(1))
                .body("model.activation", equalTo("TANH"))
                .body("model.trainSolver.method", equalTo("MIDPOINT"))
                .body("model.evalSolver.method", equalTo("DOPRI5"));
        // events follow the persisted status without being awaited: read until the job's last one
        JsonNode progressed = EventJson.read(EventLog.ofType(EventLog.readUntil(bootstrap, Topics.TRAINING_EVENTS,
                jobId, EventTypes.JOB_FINISHED), EventTypes.JOB_PROGRESSED).get(0).data(), JsonNode.class);
        assertEquals("dopri5, atol 1.0E-4, rtol 1.0E-4", progressed.get("evaluationMethod").asText());
        assertTrue(Double.isFinite(progressed.get("validBitsPerDimTrainSolver").asDouble()), progressed.toString());
    }

    private static JsonNode awaitEnd(String jobId) throws Exception {
        JsonNode status = null;
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            status = EventJson.mapper().readTree(given().get("/jobs/" + jobId).then().statusCode(200).extract()
                    .asByteArray());
            if (status.get("state").asText().matches("FINISHED|FAILED|CANCELLED")) {
                break;
            }
            Thread.sleep(250);
        }
        return status;
    }

    @Test
    void smallPivJobTrainsCheckpointsAndPublishesAnOnnxSamplerThatMatchesNd4j() throws Exception {
        String jobId = given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(spec("ffjord", datasetId)).post("/jobs")
                .then().statusCode(202).body("state", equalTo("QUEUED")).extract().path("jobId");
        JsonNode status = awaitEnd(jobId);
        assertEquals("FINISHED", status.get("state").asText(), status.toString());
        assertEquals(10, status.get("iteration").asLong());
        assertTrue(status.get("samplesPerSec").asDouble() > 0, status.toString());
        assertTrue(Double.isFinite(status.get("validBitsPerDim").asDouble()), status.toString());
        given().get("/jobs").then().statusCode(200).body("jobId", hasItem(jobId));
        given().header("Authorization", TOKEN).delete("/jobs/" + jobId).then().statusCode(409);

        // 48 training samples / 8 = 6 steps per epoch: epoch 0 ends at 6, checkpoints at 4 and 8, final at 10
        List<CloudEvent> events = EventLog.readUntil(bootstrap, Topics.TRAINING_EVENTS, jobId,
                EventTypes.JOB_FINISHED);
        assertEquals(1, EventLog.ofType(events, EventTypes.JOB_PROGRESSED).size());
        assertEquals(3, EventLog.ofType(events, EventTypes.CHECKPOINT_WRITTEN).size());
        assertEquals(1, EventLog.ofType(events, EventTypes.JOB_FINISHED).size());
        List<CloudEvent> published = EventLog.ofType(EventLog.read(bootstrap, Topics.MODELS, jobId),
                EventTypes.MODEL_PUBLISHED);
        assertEquals(1, published.size());
        ModelPublished p = EventJson.read(published.get(0).data(), ModelPublished.class);
        assertEquals(3, p.version());

        ModelManifest manifest = EventJson.read(store.get(p.manifestKey(), p.manifestSha256()), ModelManifest.class);
        assertEquals(datasetId, manifest.dataset().get("id").asText());
        assertEquals(5, manifest.provenance().seed());
        assertEquals(List.of(4, 8, 8), manifest.sampler().latentShape());
        TrainingState state = StateCodec.decode(store.get(ObjectLayout.modelFile(jobId, 3, ObjectLayout.STATE),
                manifest.file(ObjectLayout.STATE).sha256()));
        assertEquals(10, state.position().iteration());
        byte[] onnx = store.get(ObjectLayout.modelFile(jobId, 3, ObjectLayout.SAMPLER_ONNX),
                manifest.file(ObjectLayout.SAMPLER_ONNX).sha256());

        // the job was submitted in the earlier shape; the manifest holds the current one, read back as one spec
        JobSpec spec = EventJson.mapper().treeToValue(manifest.job(), JobSpec.class);
        FfjordMlpSpec model = (FfjordMlpSpec) spec.model();
        assertEquals(List.of(8), model.hidden());
        assertEquals(2, model.trainSolver().steps(), "the earlier shape's steps are the RK4 training grid");
        SampleShape shape = new SampleShape(2, 2, 8, 8);
        try (GenerativeModel nd4j = spec.model().build(shape, spec.seed())) {
            nd4j.restore(state.model());
            int n = 4;
            float[][] rows = new float[n][shape.dimensions()];
            Random r = new Random(9);
            for (float[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = (float) r.nextGaussian();
                }
            }
            float[][] decoded = nd4j.decode(rows);
            float[] z = new float[n * shape.dimensions()];
            float[] expected = new float[n * shape.dimensions()];
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows[i], 0, z, i * shape.dimensions(), shape.dimensions());
                System.arraycopy(decoded[i], 0, expected, i * shape.dimensions(), shape.dimensions());
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                 OnnxTensor zt = OnnxTensor.createTensor(env, FloatBuffer.wrap(z), new long[] {n, 4, 8, 8});
                 OnnxTensor steps = OnnxTensor.createTensor(env, (long) manifest.sampler().defaultSteps());
                 OrtSession.Result result = session.run(Map.of("z", zt, "steps", steps))) {
                assertEquals(jobId, session.getMetadata().getCustomMetadata().get("job_id"));
                FloatBuffer out = ((OnnxTensor) result.get("x").orElseThrow()).getFloatBuffer();
                double worst = 0;
                for (int i = 0; i < expected.length; i++) {
                    worst = Math.max(worst, Math.abs(expected[i] - out.get(i)));
                }
                System.out.println("published sampler: max |ND4J - ORT| = " + worst);
                assertTrue(worst <= TOLERANCE, "max difference " + worst);
            }
        }
    }
}
