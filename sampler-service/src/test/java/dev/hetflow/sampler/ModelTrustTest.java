package dev.hetflow.sampler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.models.ManifestFile;
import dev.hetflow.common.models.ModelManifest;
import dev.hetflow.common.models.ModelPublished;
import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.storage.Sha256;
import dev.hetflow.stack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * Only what model.published announces is served, and only as announced: the event carries the manifest's sha256, the
 * manifest every file's. Someone with write access to the bucket replaces objects of a published version; the
 * sampler refuses the version, logs and counts the refusal, and the previous version keeps serving.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class ModelTrustTest {

    @Inject
    ObjectStore store;

    @Test
    void aReplacedSamplerOrManifestIsRefusedWhileThePreviousVersionServes() throws Exception {
        String model = "trust-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> log = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                log.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger updates = Logger.getLogger("dev.hetflow.sampler.registry.ModelUpdates");
        updates.addHandler(capture);
        try {
            TestModels.publish(store, model, 1, TestModels.DIGITS, false);
            Await.latest(model, 1);

            // v2 written as the trainer writes it, then its sampler.onnx overwritten in S3 with v1's graph; the
            // object's own sha256 metadata is rewritten to match, as anyone with the bucket's keys can do
            ModelPublished v2 = TestModels.store(store, model, 2, TestModels.DIGITS, TestModels.DIGITS.shape(), false);
            byte[] v1Sampler = store.get(ObjectLayout.modelFile(model, 1, ObjectLayout.SAMPLER_ONNX));
            store.put(ObjectLayout.modelFile(model, 2, ObjectLayout.SAMPLER_ONNX), v1Sampler,
                    "application/octet-stream");
            TestModels.announce(v2);
            Await.refused(model, 2);
            given().get("/models").then().body("find { it.modelId == '" + model + "' }.refused.'2'",
                    containsString("sampler.onnx"));

            // v3: the attacker also rewrites the manifest to list the replaced file's digest; the announced digest
            // of the manifest no longer matches
            ModelPublished v3 = TestModels.store(store, model, 3, TestModels.DIGITS, TestModels.DIGITS.shape(), false);
            String manifestKey = ObjectLayout.modelFile(model, 3, ObjectLayout.MANIFEST);
            ModelManifest m = EventJson.read(store.get(manifestKey), ModelManifest.class);
            store.put(ObjectLayout.modelFile(model, 3, ObjectLayout.SAMPLER_ONNX), v1Sampler,
                    "application/octet-stream");
            List<ManifestFile> files = m.files().stream().map(f -> f.name().equals(ObjectLayout.SAMPLER_ONNX)
                    ? new ManifestFile(f.name(), Sha256.of(v1Sampler), v1Sampler.length) : f).toList();
            store.put(manifestKey, EventJson.write(new ModelManifest(m.schemaVersion(), m.modelId(), m.version(),
                    m.kind(), m.createdAt(), files, m.dataset(), m.job(), m.metrics(), m.curve(), m.provenance(),
                    m.sampler())), "application/json");
            TestModels.announce(v3);
            Await.refused(model, 3);
            given().get("/models").then().body("find { it.modelId == '" + model + "' }.refused.'3'",
                    containsString("manifest.json"));

            // v1 keeps serving
            given().contentType(ContentType.JSON).body("{\"n\": 2}").post("/models/" + model + "/samples").then()
                    .statusCode(200).body("version", equalTo(1));
            given().get("/models/" + model).then().body("version", equalTo(1));
            // each refusal logged once, with the model and version
            assertEquals(1, log.stream().filter(l -> l.contains("model " + model + " v2: refused")).count(), log::toString);
            assertEquals(1, log.stream().filter(l -> l.contains("model " + model + " v3: refused")).count(), log::toString);
            // and counted
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            String counter = metrics.lines().filter(l -> l.startsWith("hetflow_sampler_model_refusals_total{")
                    && l.contains("model=\"" + model + "\"") && l.contains("reason=\"integrity\"")).findFirst()
                    .orElse("");
            assertTrue(counter.endsWith(" 2.0"), "two integrity refusals counted: " + counter);
        } finally {
            updates.removeHandler(capture);
        }
    }
}
