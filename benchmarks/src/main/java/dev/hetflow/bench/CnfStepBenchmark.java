package dev.hetflow.bench;

import dev.hetflow.bench.cnf.CnfShape;
import dev.hetflow.bench.cnf.Nd4jCnfStep;
import dev.hetflow.bench.cnf.Nd4jConvCnfStep;
import dev.hetflow.bench.cnf.TorchCnfStep;
import dev.hetflow.bench.cnf.TrainingStep;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code benchmarks/run cnf-step}: milliseconds per CNF training iteration (RK4, 8 steps, Hutchinson, backprop
 * through the solver, Adam) on hetflow's ND4J implementation and on the same model written against libtorch
 * through DJL, in the same process. Rounds alternate between the two implementations so that load from other
 * processes hits both alike; the figure is the median over rounds of each round's mean.
 */
public final class CnfStepBenchmark {

    private CnfStepBenchmark() {
    }

    public static void main(String[] args) {
        // must be set before DJL loads its engine: never download, use the bundled pytorch-native-cpu jar
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "1"));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;

        CnfShape small = new CnfShape(2, 64, 3, 512, 8, 0.5);
        CnfShape large = new CnfShape(2, 256, 3, 2048, 8, 0.5);
        // optional second argument "small" skips the large case (quick iterations while tuning)
        boolean onlySmall = args.length > 1 && args[1].equals("small");
        double[] s = race("small", small, rounds, 10);
        double[] l = onlySmall ? new double[] {Double.NaN, Double.NaN} : race("large", large, rounds, 2);
        double conv = onlySmall ? Double.NaN : convPiv();
        new BenchLine("cnf-step")
                .put("ms_small", s[0]).put("ms_small_libtorch", s[1]).put("ratio_small", s[0] / s[1])
                .put("ms_large", l[0]).put("ms_large_libtorch", l[1]).put("ratio_large", l[0] / l[1])
                .put("ms_conv_piv", conv)
                .print();
    }

    /**
     * ms per iteration of the conv CNF (hidden 64-64-64, RK4 8 steps) on a batch of 4 samples of 4 x 32 x 32;
     * hetflow only (no libtorch twin of the conv model in this benchmark).
     */
    private static double convPiv() {
        try (TrainingStep conv = new Nd4jConvCnfStep(4, 8)) {
            time(conv, 1);
            double ms = time(conv, 2);
            System.err.printf(Locale.ROOT, "conv piv: hetflow %.1f ms%n", ms);
            return ms;
        }
    }

    /** {ms hetflow, ms libtorch}: medians over rounds of the mean of {@code perRound} timed iterations. */
    private static double[] race(String label, CnfShape shape, int rounds, int perRound) {
        try (TrainingStep nd4j = new Nd4jCnfStep(shape); TrainingStep torch = new TorchCnfStep(shape)) {
            // warm-up: JIT, native allocations, tape buffers
            time(nd4j, Math.max(3, perRound));
            time(torch, Math.max(3, perRound));
            double[] a = new double[rounds];
            double[] b = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                a[r] = time(nd4j, perRound);
                b[r] = time(torch, perRound);
                System.err.printf(Locale.ROOT, "%s round %d: hetflow %.1f ms, libtorch %.1f ms%n", label, r, a[r],
                        b[r]);
            }
            return new double[] {median(a), median(b)};
        }
    }

    private static double time(TrainingStep step, int iterations) {
        double sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            sink += step.run();
        }
        double ms = (System.nanoTime() - start) / 1e6 / iterations;
        if (!Double.isFinite(sink)) {
            // seen occasionally on the libtorch twin (not on hetflow, whose trainer throws on a non-finite NLL);
            // NaN arithmetic costs the same, so the timing stands, but say so
            System.err.println("WARNING: non-finite loss in " + step.getClass().getSimpleName());
        }
        return ms;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : 0.5 * (c[c.length / 2 - 1] + c[c.length / 2]);
    }
}
