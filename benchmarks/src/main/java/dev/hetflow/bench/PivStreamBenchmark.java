package dev.hetflow.bench;

import dev.hetflow.bench.piv.BenchTopics;
import dev.hetflow.bench.piv.SendRun;
import dev.hetflow.bench.piv.TunedProducer;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.record.TensorRecord;
import dev.hetflow.datasets.record.TensorRecordCodec;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.stack.LocalStack;
import dev.hetflow.stack.LocalStackSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * PIV samples (32x32 pairs + u, v label channels, random flows, as the data-service streams them by default):
 * generated alone, then generated + encoded + produced to a real local broker, beside a plain producer sending
 * prebuilt records of the same size, in the same run, with the same producer settings (one producer serves both).
 * Arguments: [samples per run, default 20000] [generator threads, default 2]. The stream takes the service's own
 * path: {@code RecordPump} on the generator threads into a producer with the service's settings. Beside the rates it
 * prints CPU microseconds per record spent in this JVM and in the broker, and how many of the machine's cores were
 * busy, to show where the time goes when the stream falls short.
 */
public final class PivStreamBenchmark {

    private static final int PREBUILT = 512;
    /** Generator threads by default, as the data-service's hetflow.data.generator-threads default. */
    private static final int THREADS = 2;
    /** Alternated rounds of the plain producer and the stream. */
    private static final int ROUNDS = 2;

    private PivStreamBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long count = args.length > 0 ? Long.parseLong(args[0]) : 20_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : THREADS;
        PivSource source = new PivSource(PivSpec.DEFAULT,
                new StreamOptions(Split.TRAIN, 1_000_000, 1, Layout.HETEROGENEOUS, Dequantization.UNIFORM));
        String id = DatasetManifest.idOf(source);
        // what the data-service streams: the same spec, 2_000 warm-up samples, then rounds of `count` other ones
        PivSource warmUp = new PivSource(PivSpec.DEFAULT,
                new StreamOptions(Split.TRAIN, 2_000, 2, Layout.HETEROGENEOUS, Dequantization.UNIFORM));

        // generation alone (synthesis, normalization, .npy encoding) on one thread, after a JIT warm-up
        generate(source, id, 0, 3_000);
        double[] gen = generate(source, id, 3_000, count);
        double genRate = count / gen[0];
        System.out.printf(Locale.ROOT, "generated %d samples on 1 thread in %.2f s: %.0f samples/s, %.1f us of CPU"
                + " each%n", count, gen[0], genRate, gen[1] * 1e6 / count);

        TensorRecord[] prebuilt = new TensorRecord[PREBUILT];
        for (int i = 0; i < PREBUILT; i++) {
            prebuilt[i] = TensorRecordCodec.encode(id, source.tensor(500_000 + i));
        }
        try (ScratchDir dir = ScratchDir.create("hetflow-piv-bench-");
             LocalStack stack = LocalStack.start(LocalStackSettings.ephemeral(dir.path()));
             BenchTopics topics = new BenchTopics(stack.kafkaBootstrap());
             KafkaProducer<String, byte[]> producer = TunedProducer.create(stack.kafkaBootstrap(), "piv-bench")) {
            String rawTopic = "bench.raw";
            String streamTopic = Topics.tensors(id);
            topics.create(rawTopic);
            topics.create(streamTopic);
            // warm up the connection, the batches and the JIT on both paths
            SendRun.run(producer, rawTopic, 2_000, i -> prebuilt[(int) (i % PREBUILT)]);
            SendRun.pump(producer, streamTopic, warmUp, id, threads);

            // two rounds, alternated, so that a change in the machine's load touches both sides alike
            SendRun.Result raw = null;
            SendRun.Result stream = null;
            for (int round = 0; round < ROUNDS; round++) {
                PivSource streamed = new PivSource(PivSpec.DEFAULT,
                        new StreamOptions(Split.TRAIN, count, 3 + round, Layout.HETEROGENEOUS, Dequantization.UNIFORM));
                raw = SendRun.Result.sum(raw,
                        SendRun.run(producer, rawTopic, count, i -> prebuilt[(int) (i % PREBUILT)]));
                stream = SendRun.Result.sum(stream, SendRun.pump(producer, streamTopic, streamed, id, threads));
            }
            report("plain producer, prebuilt records", raw);
            report("generate + encode + produce on " + threads + " generator threads", stream);
            long onTopic = topics.records(streamTopic);
            if (onTopic != 2_000 + ROUNDS * count) {
                throw new IllegalStateException("the stream topic holds " + onTopic + " records, expected "
                        + (2_000 + ROUNDS * count));
            }
            new BenchLine("piv-stream")
                    .put("gen_samples_per_s", genRate)
                    .put("stream_samples_per_s", stream.recordsPerSecond())
                    .put("ratio_vs_raw", stream.recordsPerSecond() / raw.recordsPerSecond())
                    .put("raw_samples_per_s", raw.recordsPerSecond())
                    .put("stream_bytes_per_s", stream.bytesPerSecond())
                    .put("raw_bytes_per_s", raw.bytesPerSecond())
                    .put("record_bytes", prebuilt[0].value().length)
                    .put("gen_cpu_us", gen[1] * 1e6 / count)
                    .put("stream_cpu_us", stream.selfCpuMicrosPerRecord())
                    .put("raw_cpu_us", raw.selfCpuMicrosPerRecord())
                    .put("stream_broker_cpu_us", stream.brokerCpuMicrosPerRecord())
                    .put("raw_broker_cpu_us", raw.brokerCpuMicrosPerRecord())
                    .put("stream_cores_busy", stream.machineCoresBusy())
                    .put("raw_cores_busy", raw.machineCoresBusy())
                    .print();
        }
    }

    /** Generates and encodes samples from..from+count-1 on this thread: {wall seconds, this thread's CPU seconds}. */
    private static double[] generate(PivSource source, String id, long from, long count) {
        ThreadMXBean threadCpu = ManagementFactory.getThreadMXBean();
        long bytes = 0;
        long cpuStart = threadCpu.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (long i = from; i < from + count; i++) {
            bytes += TensorRecordCodec.encode(id, source.tensor(i)).value().length;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threadCpu.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        if (bytes == 0) {
            throw new IllegalStateException("nothing generated");
        }
        return new double[] {seconds, cpuSeconds};
    }

    private static void report(String what, SendRun.Result r) {
        System.out.printf(Locale.ROOT, "%s: %d records in %.2f s = %.0f records/s, %.1f MB/s; CPU per record:"
                + " %.1f us here, %.1f us in the broker; %.2f of the machine's cores busy%n", what, r.records(),
                r.seconds(), r.recordsPerSecond(), r.bytesPerSecond() / 1e6, r.selfCpuMicrosPerRecord(),
                r.brokerCpuMicrosPerRecord(), r.machineCoresBusy());
    }

}
