package dev.hetflow.trainer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.stack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Startup and liveness checks beside readiness, and the trainer's figures at /q/metrics. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class ObservabilityTest {

    @Test
    void probesAndMetricsAnswer() {
        given().get("/q/health/started").then().statusCode(200).body("checks.name", hasItem("started"));
        given().get("/q/health/live").then().statusCode(200).body("checks.name", hasItem("deadlocks"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'object-store' }.data", nullValue());
        given().get("/jobs").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("\nhetflow_trainer_records_dead_lettered_total "), "dead letters counted");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("http_server_requests_seconds_bucket{")
                && l.contains("uri=\"/jobs\"")), "latency histogram of GET /jobs");
    }
}
