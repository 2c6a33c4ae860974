package dev.hetflow.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scale of a demo run: how many synthetic PIV pairs are streamed and how the FFJORD job trains on them.
 * {@link #standard()} finishes its training within 10 minutes on 2 CPU cores; {@link #tiny()} is the test's smoke run.
 *
 * @param samples   synthetic PIV samples streamed (32x32 pairs + 2 label channels)
 * @param seed      seeds the data and the training
 * @param epochs    training epochs
 * @param batchSize samples per step
 * @param steps     RK4 steps of the CNF's training solver (bits/dim are evaluated with Dormand-Prince)
 * @param hidden    hidden widths of the dynamics MLP
 * @param gridSize  samples in the PNG grid
 */
record DemoPreset(int samples, long seed, int epochs, int batchSize, int steps, List<Integer> hidden, int gridSize) {

    static DemoPreset standard() {
        return new DemoPreset(4096, 7, 6, 64, 8, List.of(128, 128), 16);
    }

    static DemoPreset tiny() {
        return new DemoPreset(256, 7, 2, 32, 2, List.of(16), 4);
    }

    /** Generated pairs the fidelity check judges: four grids' worth, at least 16. */
    int fidelitySamples() {
        return Math.max(16, gridSize * 4);
    }

    Map<String, Object> streamRequest() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dataset", "piv");
        body.put("split", "train");
        body.put("count", samples);
        body.put("seed", seed);
        // uniform flow: the (u, v) label is the displacement of every particle, so the cross-correlation estimate
        // of a pair can judge its label (vortices make one vector per sample an average the estimator cannot match)
        body.put("piv", Map.of("flow", "uniform"));
        // per-pixel dequantization noise on the label planes: a constant plane has no proper density
        body.put("labels", "planes");
        return body;
    }

    Map<String, Object> jobRequest(String datasetId) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("kind", "ffjord-mlp");
        model.put("hidden", hidden);
        model.put("blocks", 1);
        model.put("time", 1.0);
        model.put("conditioning", "CONCATSQUASH");
        model.put("activation", "TANH");
        model.put("trainDivergence", "HUTCHINSON_RADEMACHER");
        model.put("evalDivergence", "HUTCHINSON_RADEMACHER");
        model.put("trainSolver", Map.of("method", "RK4", "steps", steps));
        // reported bits/dim: the kind's default evaluation solver, Dormand-Prince at tolerance 1e-5
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("datasetId", datasetId);
        body.put("layout", "heterogeneous");
        body.put("batchSize", batchSize);
        body.put("seed", seed);
        // below the paper's 0.005 start: on this small budget 0.005 made the MLP CNF's validation bits/dim oscillate
        body.put("learningRate", 0.001);
        body.put("maxEpochs", epochs);
        body.put("checkpointInterval", 1_000_000);
        return body;
    }
}
