package dev.hetflow.sampler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.hetflow.stack.Eventually;
import dev.hetflow.stack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class HealthTest {

    @Test
    void isLiveAtOnceAndReadyOnceTheStartUpReloadIsDone() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        // the model registry is ready only once the start-up reload, run off the start-up thread, is done
        // (RegistryReadiness): wait for it, bounded; asserting at once passed or failed with the test order
        Eventually.await("readiness", Duration.ofSeconds(60),
                () -> given().get("/q/health/ready").statusCode() == 200,
                () -> given().get("/q/health/ready").asString());
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("object-store"))
                .body("checks.name", hasItem("model-registry"))
                .body("status", equalTo("UP"));
    }
}
