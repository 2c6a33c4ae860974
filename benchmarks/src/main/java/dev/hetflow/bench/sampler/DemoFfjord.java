package dev.hetflow.bench.sampler;

import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.TimeConditioning;
import dev.hetflow.trainer.model.FfjordMlpSpec;
import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.trainer.model.SolverSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model {@code ./hetflow demo} trains and publishes (cli's DemoPreset.standard(), built from its spec as the trainer
 * builds it): MLP FFJORD on a synthetic PIV pair plus its flow vector, [2 image + 2 label channels, 32, 32], one
 * CNF block with a 128-128 concatsquash tanh dynamics net, RK4 with 8 steps over T = 1, seed 7. Its weights here are
 * the initial ones: sampling costs the same for any weights.
 */
public final class DemoFfjord {

    public static final SampleShape SHAPE = new SampleShape(2, 2, 32, 32);
    public static final long SEED = 7;
    public static final double LEARNING_RATE = 0.001;
    public static final FfjordMlpSpec SPEC = new FfjordMlpSpec(List.of(128, 128), 1, 1.0,
            TimeConditioning.CONCATSQUASH, Activation.TANH, DivergenceMode.HUTCHINSON_RADEMACHER,
            DivergenceMode.HUTCHINSON_RADEMACHER, SolverSpec.rk4(8), null);

    private DemoFfjord() {
    }

    public static GenerativeModel build() {
        return SPEC.build(SHAPE, SEED);
    }

    /** RK4 steps of the training grid, the sampler graph's default. */
    public static int steps() {
        return SPEC.trainSolver().steps();
    }

    /** The job request the demo sends, as the manifest's job spec records it. */
    public static Map<String, Object> jobSpec(String datasetId) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("model", SPEC);
        spec.put("datasetId", datasetId);
        spec.put("layout", "heterogeneous");
        spec.put("seed", SEED);
        spec.put("learningRate", LEARNING_RATE);
        return spec;
    }

    /**
     * Floating-point operations to draw one sample: every RK4 step evaluates the dynamics net 4 times, each
     * evaluation is one multiply-add per weight of every layer (2 * in * out) plus the concatsquash gate and tanh
     * (a few operations per unit, counted as 6 per output unit), plus the RK4 update (about 12 per value).
     */
    public static double flopsPerSample() {
        int d = SHAPE.dimensions();
        List<Integer> widths = new ArrayList<>();
        widths.add(d);
        widths.addAll(SPEC.hidden());
        widths.add(d);
        double perEvaluation = 0;
        for (int l = 0; l + 1 < widths.size(); l++) {
            perEvaluation += 2.0 * widths.get(l) * widths.get(l + 1) + 6.0 * widths.get(l + 1);
        }
        double perStep = 4 * perEvaluation + 12.0 * d;
        return SPEC.blocks() * steps() * perStep;
    }
}
