package dev.hetflow.sampler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

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
 * A sampler started after two versions were written to the object store and never announced on Kafka serves them
 * (start-up reload); with a request timeout shorter than any batch, a sample request gets a 503 that says so.
 */
@QuarkusTest
@TestProfile(StartupReloadTest.SeededAndImpatient.class)
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class StartupReloadTest {

    static final String MODEL = "seeded-at-startup";

    @Test
    void versionsInTheObjectStoreAreServedAfterStartAndSlowRequestsTimeOut() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        // versions load one after the other: wait for the newest
        while (System.nanoTime() < deadline) {
            var response = given().get("/models/" + MODEL);
            if (response.statusCode() == 200 && response.jsonPath().getInt("version") == 2) {
                break;
            }
            Thread.onSpinWait();
        }
        given().get("/models/" + MODEL).then().statusCode(200).body("version", equalTo(2));
        given().get("/models/" + MODEL + "/versions/1").then().statusCode(200).body("version", equalTo(1));
        given().contentType(ContentType.JSON).body("{\"n\": 4}").post("/models/" + MODEL + "/samples").then()
                .statusCode(503).header("Retry-After", "1").body("message", containsString("no samples within 0 ms"));
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

    /** Runs before the application: the object store already holds the model, the broker knows nothing of it. */
    public static final class SeedModels implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            try (ObjectStore store = new ObjectStore(SharedLocalStack.get().settings().s3Settings())) {
                for (int version = 1; version <= 2; version++) {
                    TestModels.store(store, MODEL, version, TestModels.DIGITS, TestModels.DIGITS.shape(), false);
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
