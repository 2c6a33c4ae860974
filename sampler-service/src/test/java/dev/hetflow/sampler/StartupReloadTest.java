package dev.hetflow.sampler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.stack.LocalStackTestResource;
import dev.hetflow.stack.SharedLocalStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sampler started after three versions were written to the object store, of which two were announced on Kafka,
 * serves exactly the announced two (start-up reload): the third is an intermediate checkpoint that no model.published
 * names. With a request timeout shorter than any batch, a sample request gets a 503 that says so, and its rows are
 * dropped before they run.
 */
@QuarkusTest
@TestProfile(StartupReloadTest.SeededAndImpatient.class)
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class StartupReloadTest {

    static final String MODEL = "seeded-at-startup";

    @Test
    void onlyAnnouncedVersionsAreServedAfterStartAndTimedOutRequestsAreDropped() {
        Await.latest(MODEL, 2);
        given().get("/models/" + MODEL + "/versions/1").then().statusCode(200).body("version", equalTo(1));
        given().get("/models/" + MODEL + "/versions/3").then().statusCode(404);
        given().get("/models").then().body("find { it.modelId == '" + MODEL + "' }.versions", equalTo(List.of(1, 2)));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

        double droppedBefore = metric("hetflow_sampler_queue_dropped_total");
        double samplesBefore = metric("hetflow_sampler_samples_total");
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body("{\"n\": 4}").post("/models/" + MODEL + "/samples").then()
                    .statusCode(503).header("Retry-After", "1")
                    .body("message", containsString("no samples within 0 ms"));
        }
        // every request timed out before a worker reached it: dropped, none of their rows ran
        Await.until(() -> metric("hetflow_sampler_queue_dropped_total") - droppedBefore == 3, "3 requests dropped");
        assertEquals(samplesBefore, metric("hetflow_sampler_samples_total"));
    }

    static double metric(String name) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
    }

    /** Writes the versions before the application starts; a zero request timeout. */
    public static final class SeededAndImpatient implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hetflow.sampler.request-timeout", "PT0S");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SeedModels.class));
        }
    }

    /** Runs before the application: the object store holds three versions, the broker announced the first two. */
    public static final class SeedModels implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            try (ObjectStore store = new ObjectStore(SharedLocalStack.get().settings().s3Settings())) {
                String bootstrap = SharedLocalStack.get().settings().kafkaBootstrap();
                for (int version = 1; version <= 3; version++) {
                    var published = TestModels.store(store, MODEL, version, TestModels.DIGITS,
                            TestModels.DIGITS.shape(), false);
                    if (version <= 2) {
                        TestModels.announce(published, bootstrap);
                    }
                }
            }
            return Map.of();
        }

        @Override
        public void stop() {
            // the shared stack outlives the profile
        }
    }
}
