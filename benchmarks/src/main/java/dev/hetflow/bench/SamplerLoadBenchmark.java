package dev.hetflow.bench;

import dev.hetflow.bench.sampler.LoadDriver;
import dev.hetflow.bench.sampler.MlpDecoder;
import dev.hetflow.bench.sampler.SamplerProcess;
import dev.hetflow.bench.sampler.SamplerPublisher;
import dev.hetflow.stack.LocalStack;
import dev.hetflow.stack.LocalStackSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code benchmarks/run sampler-load [SECONDS]}: the real sampler service (child JVM, CPU ONNX Runtime) on the local
 * stack, serving a PIV-sized MLP decoder published like a trained model; 32 closed-loop HTTP clients ask for
 * n = 1, 16, 64 and 256 samples per request (.npz answers), beside ND4J's forward pass of the same weights at batch
 * 64 in this JVM. Ends with
 * {@code BENCH sampler-load samples_per_s_b64=.. nd4j_samples_per_s_b64=.. ratio_vs_nd4j=.. p50_ms_n16=.. p99_ms_n16=..}.
 */
public final class SamplerLoadBenchmark {

    private static final int CLIENTS = 32;
    private static final String MODEL = "bench-mlp";

    private SamplerLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration measure = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 8);
        Duration warmUp = Duration.ofSeconds(2);
        Path root = Path.of("").toAbsolutePath();
        Path work = Files.createTempDirectory("sampler-load-");
        MlpDecoder decoder = new MlpDecoder(7);

        double nd4j = nd4jSamplesPerSecond(decoder, 64, measure);
        System.out.printf(Locale.ROOT, "nd4j forward b64: %.1f samples/s%n", nd4j);

        LoadDriver.LoadResult b1;
        LoadDriver.LoadResult b16;
        LoadDriver.LoadResult b64;
        LoadDriver.LoadResult b256;
        try (LocalStack stack = LocalStack.start(LocalStackSettings.ephemeral(work.resolve("stack")))) {
            SamplerPublisher.publish(stack.settings(), MODEL, decoder.onnx());
            try (SamplerProcess sampler = SamplerProcess.start(root, stack.settings(), Map.of(),
                    work.resolve("sampler.log"))) {
                sampler.awaitModel(MODEL, Duration.ofSeconds(120));
                LoadDriver load = new LoadDriver(sampler.base(), MODEL);
                b1 = report(load.run(1, CLIENTS, warmUp, measure));
                b16 = report(load.run(16, CLIENTS, warmUp, measure));
                b64 = report(load.run(64, CLIENTS, warmUp, measure));
                b256 = report(load.run(256, CLIENTS, warmUp, measure));
            }
        }
        new BenchLine("sampler-load")
                .put("samples_per_s_b64", b64.samplesPerSec())
                .put("nd4j_samples_per_s_b64", nd4j)
                .put("ratio_vs_nd4j", b64.samplesPerSec() / nd4j)
                .put("p50_ms_n16", b16.p50Ms())
                .put("p99_ms_n16", b16.p99Ms())
                .put("samples_per_s_n1", b1.samplesPerSec())
                .put("samples_per_s_n256", b256.samplesPerSec())
                .print();
    }

    private static LoadDriver.LoadResult report(LoadDriver.LoadResult r) {
        System.out.printf(Locale.ROOT, "sampler n=%d clients=%d: %d requests (%d failed), %.1f samples/s, "
                + "p50 %.1f ms, p99 %.1f ms%n", r.n(), r.clients(), r.requests(), r.failures(), r.samplesPerSec(),
                r.p50Ms(), r.p99Ms());
        return r;
    }

    /** ND4J's forward pass of the same model, batches of {@code batch} back to back in one thread. */
    private static double nd4jSamplesPerSecond(MlpDecoder decoder, int batch, Duration duration) {
        MlpDecoder.Nd4jWeights w = decoder.nd4j();
        INDArray z = MlpDecoder.randomLatents(batch, 1);
        for (int i = 0; i < 5; i++) {
            MlpDecoder.nd4jForward(w, z);
        }
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long samples = 0;
        while (System.nanoTime() < end) {
            INDArray x = MlpDecoder.nd4jForward(w, z);
            x.getFloat(0);
            samples += batch;
        }
        return samples / ((System.nanoTime() - start) / 1e9);
    }
}
