package dev.hetflow.bench;

import dev.hetflow.bench.sampler.CpuMeter;
import dev.hetflow.bench.sampler.DemoFfjord;
import dev.hetflow.bench.sampler.LoadDriver;
import dev.hetflow.bench.sampler.Nd4jSampling;
import dev.hetflow.bench.sampler.OrtSampling;
import dev.hetflow.bench.sampler.Rate;
import dev.hetflow.bench.sampler.SamplerProcess;
import dev.hetflow.bench.sampler.SamplerPublisher;
import dev.hetflow.bench.sampler.V2Infer;
import dev.hetflow.stack.LocalStack;
import dev.hetflow.stack.LocalStackSettings;
import dev.hetflow.trainer.model.GenerativeModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code benchmarks/run sampler-load [SECONDS]}: the model {@code ./hetflow demo} trains (MLP FFJORD, PIV 4x32x32,
 * RK4 8 steps), published to the local stack the way the trainer publishes it (trainer-core's Checkpointer: the
 * FfjordOnnx sampler graph with its RK4 Loop), served by the real sampler service (child JVM, CPU ONNX Runtime) to 32
 * closed-loop HTTP clients asking for n = 1, 16, 64 and 256 samples per request (.npz answers). Beside it, in this
 * JVM: ND4J's sampling of the same weights on the same 64 latents (GenerativeModel.decode, the trainer's code, one
 * thread) and the same graph in ONNX Runtime without the service (1 and 2 threads). The service's answer to those
 * latents (KServe v2) must match ND4J's. Ends with
 * {@code BENCH sampler-load samples_per_s_b64=.. nd4j_samples_per_s_b64=.. ratio_vs_nd4j=.. p50_ms_n16=.. p99_ms_n16=..}
 * and further figures.
 */
public final class SamplerLoadBenchmark {

    private static final int CLIENTS = 32;
    private static final int BATCH = 64;
    private static final String MODEL = "bench-ffjord";
    /**
     * float32 in both engines with different summation orders over 4096-long dot products, through 32 evaluations
     * of the net: differences of order 1e-5 are rounding; 1e-3 would mean another model or another solver.
     */
    private static final double AGREEMENT = 1e-3;

    private SamplerLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration measure = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 8);
        Duration warmUp = Duration.ofSeconds(2);
        Path root = Path.of("").toAbsolutePath();
        GenerativeModel model = DemoFfjord.build();
        int steps = DemoFfjord.steps();
        long[] sampleShape = {model.shape().channels(), model.shape().height(), model.shape().width()};
        float[] z = gaussian(BATCH * model.shape().dimensions(), 1);
        float[][] latents = Nd4jSampling.rows(z, BATCH);
        float[] reference = Nd4jSampling.flat(model.decode(latents));
        double mflop = DemoFfjord.flopsPerSample() / 1e6;
        System.out.printf(Locale.ROOT, "model: demo FFJORD %s hidden %s, RK4 %d steps: %.1f MFLOP per sample%n",
                model.shape(), DemoFfjord.SPEC.hidden(), steps, mflop);

        Rate nd4jRate = Nd4jSampling.measure(model, latents, 2, measure);
        double nd4j = nd4jRate.samplesPerSecond();
        System.out.printf(Locale.ROOT, "nd4j GenerativeModel.decode b%d, 1 thread: %.1f samples/s (%.1f GFLOP/s), "
                + "%.3f cpu ms/sample%n", BATCH, nd4j, nd4j * mflop / 1e3, nd4jRate.cpuMsPerSample());
        Rate ort1;
        double ort2;
        try (OrtSampling ort = new OrtSampling(model.export(Map.of()).sampler(), sampleShape)) {
            double diff = V2Infer.maxAbsDifference(reference, ort.sample(z, BATCH, steps));
            System.out.printf(Locale.ROOT, "onnx runtime in-process vs nd4j: max |dx| = %.3g%n", diff);
            ort1 = ort.measure(z, BATCH, steps, 2, measure);
            ort2 = ort.samplesPerSecond(z, BATCH, steps, 2, 2, measure);
        }
        System.out.printf(Locale.ROOT, "onnx runtime in-process b%d: 1 thread %.1f samples/s (%.1f GFLOP/s, %.3f cpu "
                + "ms/sample), 2 threads %.1f samples/s (%.1f GFLOP/s)%n", BATCH, ort1.samplesPerSecond(),
                ort1.samplesPerSecond() * mflop / 1e3, ort1.cpuMsPerSample(), ort2, ort2 * mflop / 1e3);

        LoadDriver.LoadResult b1;
        LoadDriver.LoadResult b16;
        LoadDriver.LoadResult b64;
        LoadDriver.LoadResult b256;
        double servedDiff;
        CpuMeter.PerSample cpu16;
        try (ScratchDir work = ScratchDir.create("sampler-load-");
             LocalStack stack = LocalStack.start(LocalStackSettings.ephemeral(work.path().resolve("stack")))) {
            int version = SamplerPublisher.publish(stack.settings(), MODEL, model);
            try (SamplerProcess sampler = SamplerProcess.start(root, stack.settings(), Map.of(),
                    work.path().resolve("sampler.log"))) {
                sampler.awaitModel(MODEL, Duration.ofSeconds(120));
                servedDiff = V2Infer.maxAbsDifference(reference,
                        V2Infer.infer(sampler.base(), MODEL, z, BATCH, sampleShape, steps));
                System.out.printf(Locale.ROOT, "served %s v%d (v2 infer) vs nd4j on the same latents: max |dx| = "
                        + "%.3g%n", MODEL, version, servedDiff);
                if (!(servedDiff <= AGREEMENT)) {
                    throw new IllegalStateException("the service does not serve ND4J's model: max |dx| = "
                            + servedDiff);
                }
                LoadDriver load = new LoadDriver(sampler.base(), MODEL);
                CpuMeter cpu = new CpuMeter(sampler::cpuTime);
                b1 = report(load.run(1, CLIENTS, warmUp, measure, cpu::start), cpu).load();
                Phase p16 = report(load.run(16, CLIENTS, warmUp, measure, cpu::start), cpu);
                b16 = p16.load();
                cpu16 = p16.cpu();
                b64 = report(load.run(BATCH, CLIENTS, warmUp, measure, cpu::start), cpu).load();
                b256 = report(load.run(256, CLIENTS, warmUp, measure, cpu::start), cpu).load();
            }
        }
        // Little's law: with 32 clients each holding 16 samples in flight, mean latency = 512 / throughput
        double littleMs = CLIENTS * 16 / b16.samplesPerSec() * 1e3;
        System.out.printf(Locale.ROOT, "n=16: mean latency floor from throughput (32 x 16 / samples/s) %.1f ms; p99 "
                + "< 50 ms needs %.0f samples/s = %.0f GFLOP/s%n", littleMs, CLIENTS * 16 / 0.050,
                CLIENTS * 16 / 0.050 * mflop / 1e3);
        new BenchLine("sampler-load")
                .put("samples_per_s_b64", b64.samplesPerSec())
                .put("nd4j_samples_per_s_b64", nd4j)
                .put("ratio_vs_nd4j", b64.samplesPerSec() / nd4j)
                .put("p50_ms_n16", b16.p50Ms())
                .put("p99_ms_n16", b16.p99Ms())
                .put("samples_per_s_n16", b16.samplesPerSec())
                .put("samples_per_s_n1", b1.samplesPerSec())
                .put("p99_ms_n1", b1.p99Ms())
                .put("samples_per_s_n256", b256.samplesPerSec())
                .put("p99_ms_n256", b256.p99Ms())
                .put("service_cpu_ms_per_sample_n16", cpu16.serviceMs())
                .put("client_cpu_ms_per_sample_n16", cpu16.clientMs())
                .put("ort_inproc_cpu_ms_per_sample_b64", ort1.cpuMsPerSample())
                .put("ort_inproc_samples_per_s_b64_1t", ort1.samplesPerSecond())
                .put("ort_inproc_samples_per_s_b64_2t", ort2)
                .put("mflop_per_sample", mflop)
                .put("served_max_abs_dx", servedDiff)
                .print();
    }

    /** A measured load phase with the CPU it took per sample. */
    private record Phase(LoadDriver.LoadResult load, CpuMeter.PerSample cpu) {
    }

    private static Phase report(LoadDriver.LoadResult r, CpuMeter cpu) {
        CpuMeter.PerSample c = cpu.perSample(Math.max(1, r.requests() * r.n()));
        System.out.printf(Locale.ROOT, "sampler n=%d clients=%d: %d requests (%d failed), %.1f samples/s, "
                + "p50 %.1f ms, p99 %.1f ms; cpu ms/sample: service %.3f, client %.3f%n", r.n(), r.clients(),
                r.requests(), r.failures(), r.samplesPerSec(), r.p50Ms(), r.p99Ms(), c.serviceMs(), c.clientMs());
        return new Phase(r, c);
    }

    private static float[] gaussian(int size, long seed) {
        Random random = new Random(seed);
        float[] z = new float[size];
        for (int i = 0; i < size; i++) {
            z[i] = (float) random.nextGaussian();
        }
        return z;
    }
}
