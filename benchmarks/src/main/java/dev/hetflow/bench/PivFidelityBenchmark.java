package dev.hetflow.bench;

import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.judge.PivCriteria;
import dev.hetflow.datasets.judge.PivJudge;
import dev.hetflow.datasets.judge.PivPair;
import dev.hetflow.datasets.judge.PivVerdict;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.tensor.ClassEncoding;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.LabelNoise;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.Evaluation;
import dev.hetflow.trainer.model.FfjordPivSpec;
import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.model.ModelSpec;
import dev.hetflow.trainer.model.PivLabels;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.trainer.model.SolverSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Label fidelity of a PIV model per minute of training on these cores: trains the physics-aware conv FFJORD
 * ({@code ffjord-piv}) in-process on fresh 16x16 PIV windows (PivSpec.WINDOW16, label planes with per-pixel noise)
 * for a wall-time budget, then judges generated pairs with the PIV judge (the sampler's and the demo's) at each
 * number of sampling steps. Usage: {@code benchmarks/run piv-fidelity [seconds] [hidden] [trainSteps] [batch]
 * [learningRate] [window] [labels]}, e.g. {@code piv-fidelity 300 32,32,32 4 32 0.005 16 cells}; window 32 trains on
 * the paper's 32x32 pairs (0.05 ppp, uniform flow, |d| <= 4 px), the moonshot of issue 13; labels {@code affine}
 * (default) or {@code cells} ({@link PivLabels}).
 */
public final class PivFidelityBenchmark {


    private PivFidelityBenchmark() {
    }

    public static void main(String[] args) {
        double budget = args.length > 0 ? Double.parseDouble(args[0]) : 300;
        List<Integer> hidden = args.length > 1 ? parse(args[1]) : List.of(32, 32, 32);
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        double lr = args.length > 4 ? Double.parseDouble(args[4]) : 0.005;
        PivSpec spec = args.length > 5 && Integer.parseInt(args[5]) == 32
                ? PivSpec.DEFAULT.withFlow(dev.hetflow.datasets.piv.FlowKind.UNIFORM, 4.0) : PivSpec.WINDOW16;
        SampleShape shape = new SampleShape(2, 2, spec.height(), spec.width());
        double range = spec.maxDisplacement() + 1;
        PivLabels labels = args.length > 6 ? PivLabels.valueOf(args[6].toUpperCase(Locale.ROOT)) : PivLabels.AFFINE;
        ModelSpec modelSpec = new FfjordPivSpec(1, hidden, Activation.SOFTPLUS, 1.0, range, labels, SolverSpec.rk4(steps),
                SolverSpec.rk4(steps));
        PivSource train = source(spec, Split.TRAIN, 1_000_000);
        PivSource valid = source(spec, Split.TEST, 256);
        try (GenerativeModel model = modelSpec.build(shape, 7)) {
            long t0 = System.nanoTime();
            long next = 0;
            int step = 0;
            double loss = Double.NaN;
            while ((System.nanoTime() - t0) / 1e9 < budget) {
                loss = model.trainStep(batch(train, shape, next, batch), lr).bitsPerDim();
                next += batch;
                step++;
                if (step % 25 == 0) {
                    System.out.printf(Locale.ROOT, "step %d  %.0f s  train bits/dim %.3f%n", step,
                            (System.nanoTime() - t0) / 1e9, loss);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Evaluation e = model.evaluate(batch(valid, shape, 0, 256));
            List<PivPair> real = new ArrayList<>();
            for (int i = 0; i < 256; i++) {
                real.add(PivPair.of(valid.synthesizer().sample(i)));
            }
            float[][] samples = model.sample(256, 11);
            List<PivPair> generated = new ArrayList<>();
            for (float[] s : samples) {
                generated.add(PivPair.of(s, 0, 1, spec.width(), spec.height(), label(s, 2, range, shape),
                        label(s, 3, range, shape)));
            }
            PivJudge judge = new PivJudge(spec.width(), spec.height(), range);
            PivVerdict v = judge.judge(generated, real, List.of(), PivCriteria.DEMO, 3);
            System.out.printf(Locale.ROOT, "ffjord-piv hidden %s, %s labels, RK4 %d steps, batch %d, lr %s: %d steps in "
                    + "%.0f s (%.2f s/step); validation bits/dim %.3f; %s%n", hidden, labels, steps, batch, lr, step, seconds,
                    seconds / step, e.bitsPerDim(), v);
            new BenchLine("piv-fidelity")
                    .put("window_px", spec.width())
                    .put("train_steps", step)
                    .put("s_per_step", seconds / step)
                    .put("bits_per_dim", e.bitsPerDim())
                    .put("label_rms_px", v.labelRmsPx())
                    .put("failure_share", v.failureShare())
                    .put("spread_ratio", v.spreadRatio())
                    .put("chance_rms_px", v.chanceRmsPx())
                    .put("judge_rms_px_real", v.realRmsPx())
                    .print();
        }
    }

    /** u or v from the mean of its label plane: d = r (2 m - 1). */
    private static double label(float[] sample, int channel, double range, SampleShape shape) {
        int plane = shape.width() * shape.height();
        double m = 0;
        for (int p = 0; p < plane; p++) {
            m += sample[channel * plane + p];
        }
        return range * (2 * m / plane - 1);
    }

    private static PivSource source(PivSpec spec, Split split, long count) {
        return new PivSource(spec, new StreamOptions(split, count, 7, Layout.HETEROGENEOUS, Dequantization.UNIFORM)
                .withLabels(LabelNoise.PLANES, ClassEncoding.ORDINAL));
    }

    private static Batch batch(PivSource source, SampleShape shape, long first, int n) {
        float[] v = new float[n * shape.dimensions()];
        for (int i = 0; i < n; i++) {
            System.arraycopy(source.tensor(first + i).values(), 0, v, i * shape.dimensions(), shape.dimensions());
        }
        return new Batch(v, n, shape);
    }

    private static List<Integer> parse(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(Integer.parseInt(s.trim()));
        }
        return out;
    }
}
