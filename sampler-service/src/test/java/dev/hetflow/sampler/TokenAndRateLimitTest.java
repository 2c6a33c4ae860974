package dev.hetflow.sampler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.stack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With {@code require-token} on, the sampling endpoints need the bearer token (401 otherwise; v2 answers in its own
 * error shape) while reading endpoints stay open; each client gets {@code rate-burst} requests, then 429s with
 * Retry-After at {@code rate-limit} per second.
 */
@QuarkusTest
@TestProfile(TokenAndRateLimitTest.Guarded.class)
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class TokenAndRateLimitTest {

    @Inject
    ObjectStore store;

    @Test
    void samplingNeedsTheTokenAndEachClientIsRateLimited() {
        String model = "guarded-" + UUID.randomUUID().toString().substring(0, 8);
        TestModels.publish(store, model, 1, TestModels.DIGITS, false);
        Await.latest(model, 1);
        String infer = "{\"inputs\": [{\"name\": \"z\", \"shape\": [1, 2, 6, 6], \"datatype\": \"FP32\", \"data\": "
                + "[" + "0,".repeat(71) + "0]}]}";

        // reading stays open
        given().get("/models/" + model).then().statusCode(200);
        given().get("/v2/models/" + model).then().statusCode(200);
        // sampling without (or with a wrong) token: 401, counted against no rate limit
        json().body("{\"n\": 1}").post("/models/" + model + "/samples").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer")).body("message", containsString("token"));
        json().header("Authorization", "Bearer wrong").body("{\"n\": 1}").post("/models/" + model + "/samples")
                .then().statusCode(401).body("message", containsString("not valid"));
        json().body("{\"datasetIndex\": 1}").post("/models/" + model + "/neighbours").then().statusCode(401);
        given().get("/models/" + model + "/fidelity").then().statusCode(401);
        json().body(infer).post("/v2/models/" + model + "/infer").then().statusCode(401)
                .body("error", containsString("token")).body("message", equalTo(null));

        // with the token: a burst of 3, then 429 with Retry-After (1 per 5 s), on every sampling endpoint
        for (int i = 0; i < 3; i++) {
            authorized().body("{\"n\": 1}").post("/models/" + model + "/samples").then().statusCode(200);
        }
        authorized().body("{\"n\": 1}").post("/models/" + model + "/samples").then().statusCode(429)
                .header("Retry-After", notNullValue()).body("message", containsString("per second"));
        authorized().body(infer).post("/v2/models/" + model + "/infer").then().statusCode(429)
                .header("Retry-After", notNullValue()).body("error", containsString("per second"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(5.0, counter(metrics, "token"), metrics);
        assertEquals(2.0, counter(metrics, "rate-limit"), metrics);
    }

    private static double counter(String metrics, String reason) {
        return metrics.lines().filter(l -> l.startsWith("hetflow_sampler_admission_refused_total{")
                && l.contains("reason=\"" + reason + "\"")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
    }

    private static RequestSpecification json() {
        return given().contentType(ContentType.JSON);
    }

    private static RequestSpecification authorized() {
        return json().header("Authorization", "Bearer test-token");
    }

    /** Token required, 3 requests at once per client, then one per 5 s. */
    public static final class Guarded implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hetflow.sampler.require-token", "true", "hetflow.sampler.rate-limit", "0.2",
                    "hetflow.sampler.rate-burst", "3");
        }
    }
}
