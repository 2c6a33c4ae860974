package dev.hetflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code ./hetflow demo}: on the local stack, streams synthetic PIV, trains FFJORD on the images with their flow
 * labels, publishes the model, and writes annotated samples, neighbours, the bits/dim curve, label fidelity and
 * {@code summary.json} to the output folder. A second run reuses the data set and a finished model of the same spec.
 */
final class DemoCommand {

    static final List<Double> NOISE_LEVELS = List.of(0.1, 0.2, 0.3, 0.4, 0.5);
    private static final Duration POLL = Duration.ofSeconds(2);

    private final DemoPreset preset;
    private final Path out;
    private final ServiceClient data;
    private final ServiceClient trainer;
    private final ServiceClient sampler;

    DemoCommand(DemoPreset preset, Path out, UpCommand.Running running, String token) {
        this.preset = preset;
        this.out = out;
        this.data = new ServiceClient(running.url("data-service"), token);
        this.trainer = new ServiceClient(running.url("trainer-service"), token);
        this.sampler = new ServiceClient(running.url("sampler-service"), token);
    }

    static void run(Path root, Path home, DemoPreset preset, Path out) throws InterruptedException {
        long started = System.nanoTime();
        UpCommand.Running running = UpCommand.start(root, home);
        // Ctrl-C: stop the services and the stack gracefully; the trainer resumes the job on the next run
        Thread stopOnSignal = new Thread(running::close, "hetflow-demo-stop");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            JsonNode summary = new DemoCommand(preset, out, running, ApiToken.resolve(home)).execute(started);
            System.out.println("summary: " + summary);
            System.out.println("outputs in " + out.toAbsolutePath());
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            running.close();
        }
    }

    /** Runs the demo against services that are up; returns what summary.json holds. */
    JsonNode execute(long startedNanos) throws InterruptedException {
        createOut();
        String datasetId = streamDataset();
        String modelId = trainOrReuse(datasetId);
        int version = awaitServable(modelId);
        // before any sample is drawn: what follows is served with the fewest steps that keep the fidelity
        JsonNode calibration = calibrateServingSteps(modelId);
        writeSamples(modelId);
        writeNeighbours(modelId);
        JsonNode manifest = sampler.get("/models/" + modelId);
        CurvePlot.bitsPerDim(manifest.path("curve"), "FFJORD on synthetic PIV (" + modelId + ")",
                out.resolve("bits_per_dim.png"));
        JsonNode fidelity = sampler.get("/models/" + modelId + "/fidelity?n=" + preset.fidelitySamples()
                + "&seed=" + preset.seed());
        write("fidelity.json", fidelity);
        JsonNode piv = fidelity.path("piv");
        System.out.printf("label fidelity: generated pairs %.3f px RMS (%.0f %% judge failures, spread ratio %.2f, "
                + "chance %.3f px), real pairs %.3f px RMS, %dx%d window searched +-%.1f px: %s%n",
                fidelity.path("generated").asDouble(), 100 * piv.path("failureShare").asDouble(Double.NaN),
                piv.path("spreadRatio").asDouble(Double.NaN), piv.path("chanceRmsPx").asDouble(Double.NaN),
                fidelity.path("real").asDouble(), piv.path("windowPx").asInt(), piv.path("windowPx").asInt(),
                piv.path("searchRadiusPx").asDouble(Double.NaN), piv.path("passes").asBoolean() ? "passes"
                        : "does not pass (" + piv.path("failedCriteria") + ")");
        ObjectNode summary = ServiceClient.json().createObjectNode();
        summary.put("model_id", modelId);
        summary.put("model_version", version);
        summary.put("dataset_id", datasetId);
        summary.put("bits_per_dim", manifest.path("metrics").path("bits_per_dim").asDouble(Double.NaN));
        summary.put("bits_per_dim_train_solver",
                manifest.path("metrics").path("bits_per_dim_train_solver").asDouble(Double.NaN));
        JsonNode solver = manifest.path("job").path("model").path("evalSolver");
        if (solver.isObject()) {
            summary.set("bits_per_dim_solver", solver);
        }
        finite(summary, "piv_label_rms_px", fidelity.path("generated").asDouble(Double.NaN));
        finite(summary, "piv_label_rms_px_real", fidelity.path("real").asDouble(Double.NaN));
        finite(summary, "piv_judge_failure_share", piv.path("failureShare").asDouble(Double.NaN));
        finite(summary, "piv_label_spread_ratio", piv.path("spreadRatio").asDouble(Double.NaN));
        finite(summary, "piv_chance_rms_px", piv.path("chanceRmsPx").asDouble(Double.NaN));
        stepsSummary(calibration, preset.fidelitySamples(), summary);
        summary.put("piv_window_px", piv.path("windowPx").asInt());
        summary.put("samples", preset.gridSize());
        summary.put("wall_s", (System.nanoTime() - startedNanos) / 1e9);
        write("summary.json", summary);
        return summary;
    }

    /** A JSON number, or null where a judge has no figure (every reading failed): JSON has no NaN. */
    private static void finite(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    /**
     * Fidelity against sampling cost: the sampler judges samples at 1, 2, 4 ... solver steps up to the model's own and
     * from then on serves requests that name no steps with the fewest that keep the fidelity (its
     * {@code serving-steps}); the sweep goes to {@code piv_fidelity_by_steps} and the choice to
     * {@code piv_serving_steps}. Each FFJORD step costs the same, so half the steps is half the CPU per sample.
     */
    private JsonNode calibrateServingSteps(String modelId) {
        JsonNode result = sampler.post("/models/" + modelId + "/serving-steps?n=" + preset.fidelitySamples()
                + "&seed=" + preset.seed(), java.util.Map.of());
        for (JsonNode p : result.path("sweep")) {
            System.out.printf("  at %d solver steps: %.3f px RMS, %d of %d judge failures: %s%n",
                    p.path("steps").asInt(), p.path("generated").asDouble(Double.NaN),
                    p.path("generatedInvalid").asInt(), preset.fidelitySamples(),
                    p.path("keeps").asBoolean() ? "keeps the fidelity" : "does not keep it");
        }
        System.out.printf("served with %d solver steps (the model's own: %d)%n", result.path("servingSteps").asInt(),
                result.path("modelSteps").asInt());
        return result;
    }

    private static void stepsSummary(JsonNode calibration, int samples, ObjectNode summary) {
        com.fasterxml.jackson.databind.node.ArrayNode rows = summary.putArray("piv_fidelity_by_steps");
        for (JsonNode p : calibration.path("sweep")) {
            ObjectNode row = rows.addObject();
            row.put("steps", p.path("steps").asInt());
            finite(row, "label_rms_px", p.path("generated").asDouble(Double.NaN));
            row.put("failure_share", p.path("generatedInvalid").asDouble() / samples);
            row.put("keeps_fidelity", p.path("keeps").asBoolean());
        }
        summary.put("piv_serving_steps", calibration.path("servingSteps").asInt());
        summary.put("model_steps", calibration.path("modelSteps").asInt());
    }

    private String streamDataset() throws InterruptedException {
        JsonNode status = data.post("/streams", preset.streamRequest());
        String id = status.path("datasetId").asText();
        if (status.path("alreadyPublished").asBoolean()) {
            System.out.println("data set " + id + " exists already: reused");
            return id;
        }
        System.out.println("streaming " + preset.samples() + " synthetic PIV samples as data set " + id + " ...");
        while (true) {
            status = data.get("/streams/" + id);
            String state = status.path("state").asText();
            if ("COMPLETE".equals(state)) {
                System.out.println("data set " + id + ": " + status.path("produced").asLong() + " records on "
                        + status.path("topic").asText());
                return id;
            }
            if ("FAILED".equals(state) || "STOPPED".equals(state)) {
                throw new IllegalStateException("the stream of " + id + " ended " + state + ": "
                        + status.path("message").asText());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private String trainOrReuse(String datasetId) throws InterruptedException {
        Map<String, Object> request = preset.jobRequest(datasetId);
        for (JsonNode job : trainer.get("/jobs")) {
            String id = job.path("jobId").asText();
            if ("FINISHED".equals(job.path("state").asText()) && job.path("publishedVersion").asInt() > 0
                    && sameSpec(trainer.get("/jobs/" + id + "/spec"), request)) {
                System.out.println("model " + id + " was trained on this data set with this spec: reused");
                return id;
            }
        }
        JsonNode status = trainer.post("/jobs", request);
        String jobId = status.path("jobId").asText();
        System.out.println("training FFJORD as job " + jobId + " (" + preset.epochs() + " epochs) ...");
        int reportedEpoch = 0;
        long trainingStarted = System.nanoTime();
        while (true) {
            status = trainer.get("/jobs/" + jobId);
            String state = status.path("state").asText();
            int epoch = status.path("epoch").asInt();
            if (epoch > reportedEpoch || "FINISHED".equals(state)) {
                reportedEpoch = Math.max(epoch, reportedEpoch);
                System.out.println(ProgressLine.of(status, preset.epochs(), System.nanoTime() - trainingStarted));
            }
            if ("FINISHED".equals(state)) {
                if (status.path("publishedVersion").asInt() < 1) {
                    throw new IllegalStateException("job " + jobId + " finished without publishing a model");
                }
                return jobId;
            }
            if ("FAILED".equals(state) || "CANCELLED".equals(state)) {
                throw new IllegalStateException("job " + jobId + " " + state + ": " + status.path("reason").asText());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The fields the demo sets must be equal in the stored spec (which also holds filled-in defaults). */
    private static boolean sameSpec(JsonNode stored, Map<String, Object> request) {
        JsonNode wanted = ServiceClient.json().valueToTree(request);
        var fields = wanted.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            JsonNode have = stored.get(field.getKey());
            if (have == null || !have.toString().equals(field.getValue().toString())) {
                return false;
            }
        }
        return true;
    }

    private int awaitServable(String modelId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode model : sampler.get("/models")) {
                if (modelId.equals(model.path("modelId").asText())) {
                    int version = model.path("latest").asInt();
                    System.out.println("model " + modelId + " v" + version + " is served by the sampler");
                    return version;
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("the sampler did not load model " + modelId + " within 2 minutes");
    }

    private void writeSamples(String modelId) {
        Map<String, Object> request = Map.of("n", preset.gridSize(), "seed", preset.seed());
        writeBytes("samples.png", sampler.postFor("/models/" + modelId + "/samples", request, "image/png"));
        write("samples.json", sampler.post("/models/" + modelId + "/samples", request));
    }

    private void writeNeighbours(String modelId) {
        for (double noise : NOISE_LEVELS) {
            Map<String, Object> request = Map.of("datasetIndex", 0, "noise", noise, "n", 8, "seed", preset.seed());
            String name = String.format(java.util.Locale.ROOT, "neighbours-%.1f.png", noise);
            writeBytes(name, sampler.postFor("/models/" + modelId + "/neighbours", request, "image/png"));
        }
    }

    private void createOut() {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out, e);
        }
    }

    private void writeBytes(String name, byte[] bytes) {
        try {
            Files.write(out.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name, e);
        }
    }

    private void write(String name, JsonNode json) {
        try {
            ServiceClient.json().writerWithDefaultPrettyPrinter().writeValue(out.resolve(name).toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name, e);
        }
    }
}
