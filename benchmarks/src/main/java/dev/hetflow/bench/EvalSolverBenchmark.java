package dev.hetflow.bench;

import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.piv.FlowKind;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.TimeConditioning;
import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.Evaluation;
import dev.hetflow.trainer.model.FfjordMlpSpec;
import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.trainer.model.SolverSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What evaluating bits/dim with Dormand-Prince (tolerance 1e-5, the default evaluation solver) costs against the
 * training solver's fixed RK4 grid, on the MLP FFJORD of the demo (hidden 128-128, 8 steps) or of the experiments'
 * small preset (64-64, 4 steps), after some training on synthetic PIV pairs (NFE grows as the dynamics are
 * learned). Peers in the same run: a training step, and an evaluation on the RK4 grid of the same weights.
 * Usage: {@code benchmarks/run eval-solver [demo|small] [trainSteps] [batches]}.
 */
public final class EvalSolverBenchmark {

    private static final SampleShape SHAPE = new SampleShape(2, 2, 32, 32);
    private static final int BATCH = 64;

    private EvalSolverBenchmark() {
    }

    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "demo";
        int trainSteps = args.length > 1 ? Integer.parseInt(args[1]) : 58;
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean demo = preset.equals("demo");
        List<Integer> hidden = demo ? List.of(128, 128) : List.of(64, 64);
        int steps = demo ? 8 : 4;
        FfjordMlpSpec dopri = new FfjordMlpSpec(hidden, 1, 1.0, TimeConditioning.CONCATSQUASH, Activation.TANH,
                DivergenceMode.HUTCHINSON_RADEMACHER, DivergenceMode.HUTCHINSON_RADEMACHER, SolverSpec.rk4(steps),
                SolverSpec.dopri5(1e-5));
        FfjordMlpSpec grid = dopri.withSolvers(SolverSpec.rk4(steps), SolverSpec.rk4(steps));
        PivSource source = new PivSource(PivSpec.DEFAULT.withFlow(FlowKind.UNIFORM, 4.0), new StreamOptions(
                Split.TRAIN, (long) (trainSteps + batches) * BATCH, 7, Layout.HETEROGENEOUS, Dequantization.UNIFORM));
        List<Batch> data = new ArrayList<>();
        for (int b = 0; b < trainSteps + batches; b++) {
            float[] v = new float[BATCH * SHAPE.dimensions()];
            for (int i = 0; i < BATCH; i++) {
                System.arraycopy(source.tensor((long) b * BATCH + i).values(), 0, v, i * SHAPE.dimensions(),
                        SHAPE.dimensions());
            }
            data.add(new Batch(v, BATCH, SHAPE));
        }
        try (GenerativeModel model = dopri.build(SHAPE, 7); GenerativeModel peer = grid.build(SHAPE, 7)) {
            long t0 = System.nanoTime();
            for (int s = 0; s < trainSteps; s++) {
                model.trainStep(data.get(s), 0.001);
            }
            double stepSeconds = (System.nanoTime() - t0) / 1e9 / trainSteps;
            peer.restore(model.snapshot());
            double dopriSeconds = 0;
            double gridSeconds = 0;
            long nfe = 0;
            double reported = 0;
            double beside = 0;
            for (int b = 0; b < batches; b++) {
                Batch valid = data.get(trainSteps + b);
                long a = System.nanoTime();
                Evaluation e = model.evaluate(valid);
                dopriSeconds += (System.nanoTime() - a) / 1e9;
                long c = System.nanoTime();
                peer.evaluate(valid);
                gridSeconds += (System.nanoTime() - c) / 1e9;
                nfe = Math.max(nfe, e.nfe());
                reported += e.bitsPerDim() / batches;
                beside += e.trainSolverBitsPerDim() / batches;
            }
            // model.evaluate = dopri5 + the RK4 figure; peer.evaluate = two RK4 passes
            double dopriPerBatch = dopriSeconds / batches - gridSeconds / batches / 2;
            double gridPerBatch = gridSeconds / batches / 2;
            System.out.printf(Locale.ROOT, "%s MLP FFJORD %s, RK4 %d steps, after %d training steps of %d: "
                    + "training step %.3f s, evaluation per batch of %d: dopri5 %.3f s (NFE %d), RK4 grid %.3f s; "
                    + "bits/dim dopri5 %.4f, RK4 %.4f%n", preset, hidden, steps, trainSteps, BATCH, stepSeconds,
                    BATCH, dopriPerBatch, nfe, gridPerBatch, reported, beside);
            new BenchLine("eval-solver")
                    .put("train_step_s", stepSeconds)
                    .put("dopri5_eval_s_per_batch", dopriPerBatch)
                    .put("rk4_eval_s_per_batch", gridPerBatch)
                    .put("dopri5_over_rk4", dopriPerBatch / gridPerBatch)
                    .put("dopri5_over_train_step", dopriPerBatch / stepSeconds)
                    .put("dopri5_nfe", nfe)
                    .put("bits_per_dim_dopri5", reported)
                    .put("bits_per_dim_rk4", beside)
                    .print();
        }
    }
}
