package dev.hetflow.sampler;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls the running sampler until a model version serves or is refused. */
final class Await {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Await() {
    }

    static void latest(String model, int version) {
        until(() -> {
            var response = given().get("/models/" + model).then().extract();
            return response.statusCode() == 200 && response.jsonPath().getInt("version") == version;
        }, "model " + model + " v" + version + " serves");
    }

    static void refused(String model, int version) {
        until(() -> given().get("/models").then().extract().jsonPath()
                .getMap("find { it.modelId == '" + model + "' }.refused").containsKey(Integer.toString(version)),
                "model " + model + " v" + version + " is refused");
    }

    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + TIMEOUT);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
