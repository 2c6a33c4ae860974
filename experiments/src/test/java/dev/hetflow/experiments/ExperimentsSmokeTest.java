package dev.hetflow.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole experiments pipeline at the tiny scale: every file written, every figure finite. */
class ExperimentsSmokeTest {

    @TempDir
    Path out;

    @Test
    void tinyPresetWritesTheWholeReport() throws Exception {
        Path mnist = Path.of(System.getProperty("hetflow.shared.data", "../../shared/data"), "mnist");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<String> files = new Experiments(Preset.named("tiny"), out, mnist, null,
                new Progress(new PrintStream(log, true)), () -> false).run();

        for (String file : files) {
            Path path = out.resolve(file);
            assertTrue(Files.isRegularFile(path) && Files.size(path) > 0, "missing or empty: " + file);
            if (file.endsWith(".png")) {
                BufferedImage image = ImageIO.read(path.toFile());
                assertTrue(image != null && image.getWidth() > 0, "not a PNG: " + file);
            }
        }
        for (String prefix : List.of("fig2-piv-ffjord", "fig2-piv-ffjord-pair", "fig2-piv-snf", "fig3-bits-per-dim-mnist",
                "fig3-bits-per-dim-piv", "fig4-neighbours-ffjord-mnist", "fig4-neighbours-ffjord-piv",
                "fig4-neighbours-snf-mnist", "fig4-neighbours-snf-piv",
                "tsne-ffjord-mnist", "tsne-snf-mnist", "samples-ffjord-mnist", "samples-snf-mnist",
                "samples-ffjord-class-mnist", "samples-class-gaussian-mnist", "tsne-ffjord-class-mnist",
                "fig4-neighbours-ffjord-class-mnist")) {
            assertTrue(files.stream().anyMatch(f -> f.startsWith(prefix)), "no figure " + prefix + " in " + files);
        }

        String report = Files.readString(out.resolve("report.md"));
        for (String file : files) {
            if (file.endsWith(".png")) {
                assertTrue(report.contains("](" + file + ")"), "report.md does not link " + file);
            }
        }

        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(11, results.get("table1").size(), "ffjord and snf x mnist and piv x both layouts, ffjord-pair on "
                + "heterogeneous piv, ffjord-class and class-gaussian on heterogeneous mnist");
        assertEquals(7, results.get("label_fidelity").size());
        assertEquals(4, results.get("baseline").size());
        assertEquals(30, results.get("neighbours").size(), "5 noise maxima x 6 heterogeneous models");
        for (String dataset : List.of("mnist", "piv")) {
            double bits = results.path("pixel_baseline_bits_per_dim").path(dataset).asDouble(Double.NaN);
            assertTrue(bits > 0 && bits < 8, "per-pixel baseline of " + dataset + ": " + bits);
        }
        for (JsonNode run : results.get("table1")) {
            // every split heterogeneous run says whether it learned anything
            assertEquals(run.has("label_bits_per_dim"), run.has("learned"), run.toString());
        }
        assertEquals(3, results.get("tsne").size());
        for (JsonNode run : results.get("table1")) {
            String model = run.path("model").asText();
            if (List.of("ffjord-class", "class-gaussian", "ffjord-pair").contains(model)
                    && !run.path("unstable").asBoolean()) {
                // labels-first models split by their own exact label marginal and the image given the label
                assertEquals("p(label) p(image | label)", run.path("split").asText(), run.toString());
            }
        }
        JsonNode summary = results.get("fidelity_summary");
        for (String field : List.of("model", "label_rms_px", "judge_rms_px_real", "failure_share", "spread_ratio",
                "chance_rms_px")) {
            assertTrue(summary.path("piv32").has(field), "fidelity_summary.piv32." + field + ": " + summary);
        }
        assertTrue(summary.path("piv32").path("judge_rms_px_real").asDouble() < 0.2, summary.toString());
        for (String field : List.of("agreement", "kappa", "judge_accuracy")) {
            assertTrue(summary.path("mnist28").path(field).isNumber(), "fidelity_summary.mnist28." + field);
        }
        assertTrue(summary.path("mnist28").path("judge_accuracy").asDouble() >= 0.97, summary.toString());
        // the moonshot: ffjord-pair on PIV 32x32 for the preset's budget, judged beside the judge on real pairs
        JsonNode moonshot = summary.path("moonshot");
        assertEquals(32, moonshot.path("piv_px").asInt(), summary.toString());
        assertEquals(1.5, moonshot.path("target_ratio").asDouble(), summary.toString());
        assertTrue(moonshot.path("met").isBoolean() && moonshot.path("steps").asInt() >= 1, summary.toString());
        for (String field : List.of("ratio_to_judge", "label_rms_px", "judge_rms_px_real", "spread_ratio")) {
            assertTrue(moonshot.path(field).isNumber() || moonshot.path(field).isNull(), "moonshot." + field);
        }
        assertTrue(Files.readString(out.resolve("report.md")).contains("## Moonshot: PIV 32x32"));
        for (JsonNode run : results.get("table1")) {
            assertFalse(run.get("curve").isEmpty(), "no epoch finished: " + run.get("run"));
        }
        labelRepresentations(results, Files.readString(out.resolve("report.md")));
        List<String> nonFinite = new ArrayList<>();
        collectNonFinite(results, "", false, nonFinite);
        assertTrue(nonFinite.isEmpty(), "non-finite figures outside unstable runs: " + nonFinite);
        System.out.print(log);
        assertTrue(log.toString().contains("ffjord-mnist-heterogeneous: epoch 1/2"), "progress per epoch: " + log);
    }

    /**
     * The label representations at equal wall time: three per data set, each trained for the preset's budget and
     * stopped by it, with its bits/dim and every judge's figure (a number, or null where the judge has none).
     */
    private static void labelRepresentations(JsonNode results, String report) {
        JsonNode rows = results.get("label_representations");
        List<String> seen = new ArrayList<>();
        for (JsonNode row : rows) {
            seen.add(row.path("dataset").asText() + "/" + row.path("representation").asText() + "/"
                    + row.path("model").asText());
            double budget = row.path("budget_s").asDouble();
            assertEquals(Preset.named("tiny").labelBudgetSeconds(), budget, 0.0, row.toString());
            assertEquals("BUDGET", row.path("stop").asText(), row.toString());
            assertTrue(row.path("steps").asLong() >= 1 && row.path("samples_seen").asLong() >= row.path("steps")
                    .asLong(), row.toString());
            assertTrue(row.path("wall_s").asDouble() >= budget, "stopped only after its budget: " + row);
            assertTrue(row.path("bits_per_dim").isNumber() || row.path("unstable").asBoolean(), row.toString());
            List<String> judged = row.path("dataset").asText().equals("piv")
                    ? List.of("label_rms_px", "judge_rms_px_real", "failure_share", "spread_ratio", "chance_rms_px")
                    : List.of("agreement", "kappa", "judge_accuracy");
            for (String field : judged) {
                assertTrue(row.path(field).isNumber() || row.path(field).isNull(), field + ": " + row);
            }
            for (String field : List.of("image_bits_per_dim", "label_bits_per_dim", "labels_clipped")) {
                assertTrue(row.has(field), field + ": " + row);
            }
            if (List.of("cells", "class-cells").contains(row.path("representation").asText())
                    && !row.path("unstable").asBoolean()) {
                // labels first in closed form: the model's own split
                assertTrue(row.path("label_bits_per_dim").isNumber(), row.toString());
            }
        }
        assertEquals(List.of("mnist/ordinal/ffjord", "mnist/onehot/ffjord", "mnist/class-cells/ffjord-class",
                "piv/planes/ffjord", "piv/subspace/ffjord-pair-affine", "piv/cells/ffjord-pair"), seen);
        assertTrue(report.contains("## Label representations at equal wall time"), "report.md has no such section");
        for (String representation : List.of("planes", "subspace", "cells", "ordinal", "onehot", "class-cells")) {
            assertTrue(report.contains("| " + representation + " |"), "report.md has no row " + representation);
        }
    }

    /**
     * Every number must be finite. Jackson writes NaN and infinities as strings; they are allowed only inside an
     * object that says {@code "unstable": true} (a run whose loss went to infinity, or a figure from its model).
     */
    private static void collectNonFinite(JsonNode node, String path, boolean unstable, List<String> into) {
        if (node.isObject()) {
            boolean here = unstable || node.path("unstable").asBoolean(false);
            node.fields().forEachRemaining(e -> collectNonFinite(e.getValue(), path + "." + e.getKey(), here, into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectNonFinite(node.get(i), path + "[" + i + "]", unstable, into);
            }
        } else if (node.isNumber() && !Double.isFinite(node.asDouble())) {
            into.add(path);
        } else if (node.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(node.asText()) && !unstable) {
            into.add(path + "=" + node.asText());
        }
    }
}
