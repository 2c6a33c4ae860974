package dev.hetflow.bench;

import dev.hetflow.bench.cnf.CnfShape;
import dev.hetflow.bench.cnf.ConvCnf;
import dev.hetflow.bench.cnf.GemmProbe;
import dev.hetflow.bench.cnf.Nd4jCnfStep;
import dev.hetflow.bench.cnf.Nd4jConvCnfStep;
import dev.hetflow.bench.cnf.TorchCnfStep;
import dev.hetflow.bench.cnf.TorchConvCnfStep;
import dev.hetflow.bench.cnf.TrainingStep;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code benchmarks/run cnf-step}: milliseconds per CNF training iteration (RK4, 8 steps, Hutchinson, backprop
 * through the solver, Adam) on hetflow's ND4J implementation and on the same model written against libtorch
 * through DJL, in the same process: the MLP CNF at two sizes and the conv CNF (FFJORD's image dynamics on a batch of
 * 4 x 32 x 32). Rounds alternate between the two implementations so that load from other processes hits both alike;
 * the figure is the median over rounds of each round's mean. For the conv CNF it also prints the convolution
 * GFLOP/s hetflow reached and a GEMM probe's on the same thread, measured between the rounds, and the same medians in
 * the calling thread's CPU time ({@code cpu_*}: both run their native work on it with one native thread), which moves
 * less with other processes' load than wall time.
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
        // optional second argument: "small" runs only the small MLP case, "conv" only the conv case (quick iterations
        // while tuning); the cases left out print NaN
        String only = args.length > 1 ? args[1] : "";
        double[] none = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        double[] s = only.equals("conv") ? none : race("small", small, rounds, 10);
        double[] l = only.isEmpty() ? race("large", large, rounds, 2) : none;
        double[] c = only.equals("small") ? none : raceConv(rounds);
        new BenchLine("cnf-step")
                .put("ms_small", s[0]).put("ms_small_libtorch", s[1]).put("ratio_small", s[0] / s[1])
                .put("ms_large", l[0]).put("ms_large_libtorch", l[1]).put("ratio_large", l[0] / l[1])
                .put("ms_conv", c[0]).put("ms_conv_libtorch", c[1]).put("ratio_conv", c[0] / c[1])
                .put("gflops_conv", ConvCnf.flopsPerIteration(ConvCnf.BATCH, ConvCnf.STEPS) / c[0] / 1e6)
                .put("gflops_gemm_probe", c[2])
                .put("cpu_ms_conv", c[3]).put("cpu_ms_conv_libtorch", c[4]).put("cpu_ratio_conv", c[3] / c[4])
                .print();
    }

    /**
     * {ms hetflow, ms libtorch, GEMM probe GFLOP/s, thread CPU ms hetflow, thread CPU ms libtorch} for the conv CNF
     * (hidden 64-64-64, RK4 8 steps, batch 4 of 4 x 32 x 32): one iteration each per round, the probe between them.
     */
    private static double[] raceConv(int rounds) {
        GemmProbe probe = new GemmProbe();
        try (TrainingStep nd4j = new Nd4jConvCnfStep(ConvCnf.BATCH, ConvCnf.STEPS);
                TrainingStep torch = new TorchConvCnfStep(ConvCnf.BATCH, ConvCnf.STEPS)) {
            time(nd4j, 1);
            time(torch, 1);
            double[] a = new double[rounds];
            double[] b = new double[rounds];
            double[] g = new double[rounds];
            double[] ca = new double[rounds];
            double[] cb = new double[rounds];
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            for (int r = 0; r < rounds; r++) {
                long startCpu = cpu.getCurrentThreadCpuTime();
                a[r] = time(nd4j, 1);
                ca[r] = (cpu.getCurrentThreadCpuTime() - startCpu) / 1e6;
                g[r] = probe.gflops(20);
                startCpu = cpu.getCurrentThreadCpuTime();
                b[r] = time(torch, 1);
                cb[r] = (cpu.getCurrentThreadCpuTime() - startCpu) / 1e6;
                System.err.printf(Locale.ROOT, "conv round %d: hetflow %.1f ms (cpu %.1f), libtorch %.1f ms (cpu %.1f),"
                        + " gemm probe %.1f GFLOP/s%n", r, a[r], ca[r], b[r], cb[r], g[r]);
            }
            return new double[] {median(a), median(b), median(g), median(ca), median(cb)};
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
