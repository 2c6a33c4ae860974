package dev.hetflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end at tiny scale: the real stack, the three services built by this reactor (their quarkus-app
 * folders), a PIV data set streamed, FFJORD trained and published, samples fetched. Slow (a couple of minutes).
 */
class DemoSmokeTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void theTinyDemoWritesEveryOutputWithFiniteFigures(@TempDir Path home, @TempDir Path out) throws Exception {
        long started = System.nanoTime();
        try (UpCommand.Running running = UpCommand.startEphemeral(ROOT, home)) {
            JsonNode summary = new DemoCommand(DemoPreset.tiny(), out, running, ApiToken.resolve(home))
                    .execute(started);
            for (String field : List.of("bits_per_dim", "piv_label_rms_px_real", "piv_judge_failure_share",
                    "piv_label_spread_ratio", "wall_s")) {
                assertTrue(summary.path(field).isNumber() && Double.isFinite(summary.path(field).asDouble()),
                        field + " is a finite number: " + summary);
            }
            double failures = summary.path("piv_judge_failure_share").asDouble();
            assertTrue(failures >= 0 && failures <= 1, "a share: " + failures);
            // an RMS (and its chance figure) exists unless every generated pair failed the judge
            for (String field : List.of("piv_label_rms_px", "piv_chance_rms_px")) {
                assertTrue(failures == 1 || Double.isFinite(summary.path(field).asDouble()), field + ": " + summary);
            }
            assertEquals(16, summary.path("piv_window_px").asInt());
            // the judge at 1 and 2 solver steps (the tiny model's own), and the steps it is then served with
            assertEquals(2, summary.path("piv_fidelity_by_steps").size(), summary.toString());
            assertEquals(1, summary.path("piv_fidelity_by_steps").get(0).path("steps").asInt());
            assertEquals(2, summary.path("model_steps").asInt());
            int serving = summary.path("piv_serving_steps").asInt();
            assertTrue(serving == 1 || serving == 2, summary.toString());
            assertEquals(DemoPreset.tiny().gridSize(), summary.path("samples").asInt());
        }
        List<String> files = new java.util.ArrayList<>(List.of("summary.json", "samples.png", "samples.json",
                "bits_per_dim.png", "fidelity.json"));
        DemoCommand.NOISE_LEVELS.forEach(n -> files.add(String.format(Locale.ROOT, "neighbours-%.1f.png", n)));
        for (String file : files) {
            Path path = out.resolve(file);
            assertTrue(Files.size(path) > 0, file + " exists and is not empty");
        }
        // the sampler judged as many generated pairs as the demo asked for (its parameter is n; 64 by default)
        JsonNode fidelity = ServiceClient.json().readTree(out.resolve("fidelity.json").toFile());
        assertEquals(DemoPreset.tiny().fidelitySamples(), fidelity.path("samples").asInt(), fidelity.toString());
        byte[] png = Files.readAllBytes(out.resolve("samples.png"));
        assertEquals((byte) 0x89, png[0], "samples.png is a PNG");
        assertEquals('P', png[1]);
    }
}
