package dev.hetflow.sampler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.stack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Startup, liveness and readiness checks, and the Prometheus metrics operators scrape. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class ObservabilityTest {

    @Inject
    ObjectStore store;

    @Test
    void healthChecksAndMetricsAnswer() {
        given().get("/q/health/started").then().statusCode(200).body("checks.name", hasItem("started"));
        given().get("/q/health/live").then().statusCode(200).body("checks.name", hasItem("deadlocks"));
        // readiness says up or down; the object store's error text never reaches the probe's body
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'object-store' }.data", nullValue());

        String model = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        TestModels.publish(store, model, 1, TestModels.DIGITS, false);
        Await.latest(model, 1);
        given().contentType(ContentType.JSON).body("{\"n\": 3}").post("/models/" + model + "/samples").then()
                .statusCode(200);
        given().contentType(ContentType.JSON).body("{\"n\": 0}").post("/models/" + model + "/samples").then()
                .statusCode(400);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        // latency histograms by endpoint template and status
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("http_server_requests_seconds_bucket{")
                && l.contains("uri=\"/models/{model}/samples\"") && l.contains("status=\"200\"")), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("http_server_requests_seconds_count{")
                && l.contains("uri=\"/models/{model}/samples\"") && l.contains("status=\"400\"")), metrics);
        for (String name : new String[] {"hetflow_sampler_queue_depth ", "hetflow_sampler_queue_capacity ",
                "hetflow_sampler_batch_rows_bucket{", "hetflow_sampler_samples_total ",
                "hetflow_sampler_versions_loaded ", "hetflow_sampler_models_loaded "}) {
            assertTrue(metrics.contains("\n" + name), name + " is exported");
        }
        double samples = StartupReloadTest.metric("hetflow_sampler_samples_total");
        assertTrue(samples >= 3, "the 3 samples counted: " + samples);
    }
}
