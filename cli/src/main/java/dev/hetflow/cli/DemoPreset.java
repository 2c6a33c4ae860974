package dev.hetflow.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scale of a demo run: how many synthetic PIV pairs are streamed and how the FFJORD job trains on them.
 * The demo streams 16x16 windows (the data service's {@code window16} preset: about 0.1 particles per pixel, uniform
 * flow with |d| <= 3 px, labels spanning +-4 px) and trains the physics-aware conv FFJORD ({@code ffjord-piv}).
 * {@link #standard()} finishes its training within about 8 minutes on 2 CPU cores; {@link #tiny()} is the test's
 * smoke run.
 *
 * @param samples   synthetic PIV samples streamed (16x16 pairs + 2 label channels)
 * @param seed      seeds the data and the training
 * @param epochs    training epochs
 * @param batchSize samples per step
 * @param steps     RK4 steps of the CNF's training solver (bits/dim are evaluated with Dormand-Prince)
 * @param hidden    hidden channels of the free conv net's 3x3 layers
 * @param gridSize  samples in the PNG grid
 */
record DemoPreset(int samples, long seed, int epochs, int batchSize, int steps, List<Integer> hidden, int gridSize) {

    /** The label range of the window16 preset's u and v channels: maxDisplacement + 1 px. */
    static final double LABEL_RANGE_PX = 4.0;

    static DemoPreset standard() {
        return new DemoPreset(3072, 7, 2, 32, 4, List.of(32, 32, 32), 16);
    }

    static DemoPreset tiny() {
        return new DemoPreset(256, 7, 2, 32, 2, List.of(8), 4);
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
        body.put("piv", Map.of("preset", "window16", "flow", "uniform"));
        // per-pixel dequantization noise on the label planes: a constant plane has no proper density
        body.put("labels", "planes");
        return body;
    }

    Map<String, Object> jobRequest(String datasetId) {
        Map<String, Object> model = new LinkedHashMap<>();
        // the physics-aware conv FFJORD: a closed-form block that puts the labels first (a learnt histogram of u
        // and of v) and moves frame B towards frame A shifted by the sample's own label, then a conv block that
        // moves the frames only, conditioned on the label (see FfjordPivSpec); labels span +-(3 + 1) px in window16
        model.put("kind", "ffjord-piv");
        model.put("labels", "CELLS");
        model.put("hidden", hidden);
        model.put("blocks", 1);
        model.put("time", 1.0);
        model.put("labelRangePx", LABEL_RANGE_PX);
        model.put("trainSolver", Map.of("method", "RK4", "steps", steps));
        // reported bits/dim: the kind's default evaluation solver, Dormand-Prince at tolerance 1e-5
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("datasetId", datasetId);
        body.put("layout", "heterogeneous");
        body.put("batchSize", batchSize);
        body.put("seed", seed);
        // the paper's start; the plateau scheduler lowers it
        body.put("learningRate", 0.005);
        body.put("maxEpochs", epochs);
        body.put("checkpointInterval", 1_000_000);
        return body;
    }
}
