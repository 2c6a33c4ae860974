package dev.hetflow.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.stack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The sampler's page, rendered by headless Chromium (Debian's chromium package) against the running service. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class PageTest {

    @Inject
    ObjectStore store;

    @TestHTTPResource("/")
    URL base;

    @Test
    void pageRendersSamplesWithLabelsNeighboursAndTheCurve() throws Exception {
        Optional<Path> chromium = chromium();
        Assumptions.assumeTrue(chromium.isPresent(), "chromium is not installed (apt-get install chromium): skipped");
        String model = "page-" + UUID.randomUUID().toString().substring(0, 8);
        TestModels.publish(store, model, 1, TestModels.DIGITS, false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (io.restassured.RestAssured.given().get("/models/" + model).statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "model not loaded within 60 s");
            Thread.sleep(100);
        }

        String dom = dumpDom(chromium.get(), base + "?model=" + model);

        assertTrue(dom.contains("data-state=\"rendered\""), "the page finished rendering:\n" + head(dom));
        assertEquals(8 + 6, count(dom, "<figure class=\"sample\">"), "8 samples and 6 neighbours");
        assertEquals(14, count(dom, "data-drawn=\"true\""), "every canvas was drawn");
        Matcher label = Pattern.compile("<figcaption class=\"label\">class (\\d) \\(spread [0-9.]+\\)</figcaption>")
                .matcher(dom);
        assertTrue(label.find(), "each sample shows its decoded class:\n" + head(dom));
        assertTrue(dom.contains("<polyline class=\"train\""), "the bits/dim curve is drawn");
        assertTrue(dom.contains(model + " v1"), "the status names the model and version");
    }

    private static String dumpDom(Path chromium, String url) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        Path out = Files.createTempFile("dom", ".html");
        Process process = new ProcessBuilder(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--virtual-time-budget=30000", "--dump-dom", url))
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertTrue(process.waitFor(90, TimeUnit.SECONDS), "chromium did not finish within 90 s");
        } finally {
            process.destroyForcibly();
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static Optional<Path> chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String head(String dom) {
        return dom.length() > 3000 ? dom.substring(0, 3000) : dom;
    }
}
