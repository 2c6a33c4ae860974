package dev.hetflow.bench;

import ai.djl.ndarray.types.DataType;
import dev.hetflow.bench.cnf.GemmProbe;
import dev.hetflow.bench.snf.TorchSylvesterVae;
import dev.hetflow.bench.snf.VaeFlops;
import dev.hetflow.bench.snf.VaeWeights;
import dev.hetflow.sylvester.SylvesterConfig;
import dev.hetflow.sylvester.SylvesterVae;
import dev.hetflow.sylvester.flows.FlowType;
import dev.hetflow.sylvester.vae.ChannelLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code benchmarks/run snf-step [ROUNDS=10]}: milliseconds per training iteration (forward, backward, Adam) on
 * MNIST-sized batches (100 x 1 x 28 x 28 8-bit values) for H-SNF with the paper's setting (z = 64, 8 flows, 8
 * Householder reflections) and for the plain VAE with the same encoder/decoder, each on hetflow ({@code
 * SylvesterVae.trainStep}: sylvester's hand-written training step for both) and on its libtorch twin through DJL
 * ({@link TorchSylvesterVae}: same layers, likelihood, flows and loss, started from the hetflow model's initial
 * weights; the benchmarks module's {@code TorchVaeParityTest} pins the twin to hetflow's SameDiff graph, and
 * sylvester's {@code KernelStepParityTest} pins the hand-written step to that graph). Rounds alternate one
 * iteration of each so that load from other processes hits both alike; the figure is the median over rounds, of
 * wall time and of the thread's CPU time ({@code cpu_*}). Also prints the plain VAE's GFLOP/s (convolutions and
 * dense layers, {@link VaeFlops}) beside a 1024^3 GEMM probe's on the same thread, measured between rounds.
 */
public final class SnfStepBenchmark {

    private static final int BATCH = 100;
    /**
     * Untimed iterations of each side before the rounds. Three left hetflow's first four or five H-SNF rounds at
     * about twice their thread CPU in wall time (the JIT still compiling sylvester's Vector API kernels on the
     * second core, -XX:+PrintCompilation: about a thousand compilations during those rounds) and their CPU time
     * 30% above the later rounds'; a training run is thousands of steps, so the rounds measure the compiled step.
     */
    private static final int WARMUP = 10;
    private static final int PROBE_REPEATS = 5;

    private SnfStepBenchmark() {
    }

    public static void main(String[] args) {
        // must be set before DJL loads its engine: never download, use the bundled pytorch-native-cpu jar
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "1"));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        }
        ChannelLayout mnist = new ChannelLayout(1, 0, 28, 28);
        float[] batch = eightBitBatch(new Random(42));
        GemmProbe probe = new GemmProbe();
        double[] probes = new double[2 * rounds];
        SylvesterConfig vaeConfig = SylvesterConfig.defaults(mnist).withFlows(FlowType.NONE, 0);
        double[] hsnf = race(SylvesterConfig.defaults(mnist).withFlows(FlowType.HOUSEHOLDER, 8)
                .withHouseholderReflections(8), batch, probe, probes, 0);
        double[] vae = race(vaeConfig, batch, probe, probes, rounds);
        new BenchLine("snf-step").put("ms_hsnf", hsnf[0]).put("ms_vae", vae[0]).put("batch", BATCH)
                .put("z", 64).put("flows", 8).put("reflections", 8).put("iterations", rounds)
                .put("ms_hsnf_libtorch", hsnf[1]).put("ms_vae_libtorch", vae[1])
                .put("ratio_hsnf", hsnf[0] / hsnf[1]).put("ratio_vae", vae[0] / vae[1])
                .put("gflops_vae", VaeFlops.perStep(vaeConfig, BATCH) / vae[0] / 1e6)
                .put("gflops_vae_libtorch", VaeFlops.perStep(vaeConfig, BATCH) / vae[1] / 1e6)
                .put("gflops_gemm_probe", median(probes))
                .put("cpu_ms_hsnf", hsnf[2]).put("cpu_ms_hsnf_libtorch", hsnf[3])
                .put("cpu_ratio_hsnf", hsnf[2] / hsnf[3])
                .put("cpu_ms_vae", vae[2]).put("cpu_ms_vae_libtorch", vae[3]).put("cpu_ratio_vae", vae[2] / vae[3])
                .print();
    }

    /**
     * {ms hetflow, ms libtorch, thread CPU ms hetflow, thread CPU ms libtorch}: medians over rounds of one iteration
     * each. Both run their native work on the calling thread (one OpenMP thread; libtorch's one intra-op thread and
     * its CPU autograd run inline), so the thread's CPU time is the step's, less moved by other processes than wall
     * time on a shared machine. The GEMM probe's GFLOP/s of every round
     * go to {@code probes} from {@code offset} on (its length fixes the rounds of both races).
     */
    private static double[] race(SylvesterConfig config, float[] batch, GemmProbe probe, double[] probes,
            int offset) {
        int rounds = probes.length / 2;
        SylvesterVae model = SylvesterVae.create(config);
        INDArray input = Nd4j.createFromArray(batch).reshape(BATCH, 1, 28, 28);
        try (TorchSylvesterVae torch = new TorchSylvesterVae(config, VaeWeights.of(model), batch, BATCH,
                DataType.FLOAT32)) {
            System.err.printf(Locale.ROOT, "%s: %d parameters in hetflow, %d in libtorch; first losses %.2f and "
                    + "%.2f (same weights and batch, different eps)%n", config.flowType(), model.parameterCount(),
                    torch.parameterCount(), model.trainStep(input).loss(), torch.run());
            for (int i = 1; i < WARMUP; i++) {
                model.trainStep(input);
                torch.run();
            }
            double[] a = new double[rounds];
            double[] b = new double[rounds];
            double[] ca = new double[rounds];
            double[] cb = new double[rounds];
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                long startCpu = cpu.getCurrentThreadCpuTime();
                model.trainStep(input);
                a[r] = (System.nanoTime() - start) / 1e6;
                ca[r] = (cpu.getCurrentThreadCpuTime() - startCpu) / 1e6;
                probes[offset + r] = probe.gflops(PROBE_REPEATS);
                start = System.nanoTime();
                startCpu = cpu.getCurrentThreadCpuTime();
                torch.run();
                b[r] = (System.nanoTime() - start) / 1e6;
                cb[r] = (cpu.getCurrentThreadCpuTime() - startCpu) / 1e6;
                System.err.printf(Locale.ROOT, "%s round %d: hetflow %.1f ms (%.1f CPU), libtorch %.1f ms (%.1f CPU), "
                        + "gemm probe %.1f GFLOP/s%n", config.flowType(), r, a[r], ca[r], b[r], cb[r],
                        probes[offset + r]);
            }
            return new double[] {median(a), median(b), median(ca), median(cb)};
        }
    }

    private static float[] eightBitBatch(Random random) {
        float[] values = new float[BATCH * 28 * 28];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(256) / 255f;
        }
        return values;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : 0.5 * (c[c.length / 2 - 1] + c[c.length / 2]);
    }
}
