package dev.hetflow.bench;

import dev.hetflow.bench.piv.BenchTopics;
import dev.hetflow.bench.piv.SendRun;
import dev.hetflow.bench.piv.TunedProducer;
import dev.hetflow.bench.train.TrainingWindow;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.stack.LocalStack;
import dev.hetflow.stack.LocalStackSettings;
import dev.hetflow.trainer.data.DeadLetters;
import dev.hetflow.trainer.data.KafkaClients;
import dev.hetflow.trainer.data.KafkaEpochData;
import dev.hetflow.trainer.data.SplitRule;
import dev.hetflow.trainer.loop.LoopPosition;
import dev.hetflow.trainer.model.FfjordConvSpec;
import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.model.SolverSpec;
import dev.hetflow.trainer.model.SampleShape;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * {@code benchmarks/run train-throughput [ITERATIONS] [BATCH] [WIDTH] [WARMUP]}: end-to-end training throughput on
 * PIV 4x32x32 (2 frames + u, v label channels, streamed to the real local broker as the data-service streams them)
 * with the paper's multiscale conv FFJORD at a small width (2 scales, 2 conv layers of WIDTH channels per block,
 * softplus, RK4 with 2 steps), trained by the trainer's {@code TrainingLoop} on {@code KafkaEpochData}. Defaults: 24
 * iterations of batch 8, width 16, after 2 warm-up iterations.
 *
 * <p>The warm-up (JIT, ND4J workspaces, the first consumer's metadata and first fetch) runs in its own loop and
 * counts in neither figure; the measured loop continues from the warm-up's position with a new consumer, as every
 * epoch and every resumed job opens one, so that consumer's set-up, seeks and first fetch count as Kafka wait.
 * Ends with {@code BENCH train-throughput samples_per_s=.. kafka_wait_share=.. batch=.. width=.. iterations=..}.
 */
public final class TrainThroughputBenchmark {

    /** As the trainer's default hetflow.trainer.validation-modulus: every 10th sample is held out. */
    private static final int VALIDATION_MODULUS = 10;
    private static final int RK4_STEPS = 2;

    private TrainThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int width = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        // one epoch must hold every iteration: no validation pass inside the measured time
        long trainSamples = (long) (warmUp + iterations + 2) * batch;
        long count = trainSamples * VALIDATION_MODULUS / (VALIDATION_MODULUS - 1) + VALIDATION_MODULUS;
        PivSource source = new PivSource(PivSpec.DEFAULT,
                new StreamOptions(Split.TRAIN, count, 11, Layout.HETEROGENEOUS, Dequantization.UNIFORM));
        String id = DatasetManifest.idOf(source);
        String topic = Topics.tensors(id);
        SampleShape shape = new SampleShape(2, 2, PivSpec.DEFAULT.height(), PivSpec.DEFAULT.width());
        FfjordConvSpec settings = new FfjordConvSpec(2, List.of(width, width), Activation.SOFTPLUS, 1.0, 1e-6,
                SolverSpec.rk4(RK4_STEPS), null);

        try (ScratchDir dir = ScratchDir.create("hetflow-train-bench-");
             LocalStack stack = LocalStack.start(LocalStackSettings.ephemeral(dir.path()));
             BenchTopics topics = new BenchTopics(stack.kafkaBootstrap());
             KafkaProducer<String, byte[]> producer = TunedProducer.create(stack.kafkaBootstrap(), "train-bench")) {
            topics.create(topic);
            SendRun.Result streamed = SendRun.pump(producer, topic, source, id, 2);
            System.out.printf(Locale.ROOT, "streamed %d PIV 4x32x32 samples to %s in %.1f s%n", streamed.records(),
                    topic, streamed.seconds());
            String bootstrap = stack.kafkaBootstrap();
            KafkaEpochData data = new KafkaEpochData(() -> KafkaClients.consumer(bootstrap, "train-bench"), topic, id,
                    shape, shape, batch, new SplitRule(VALIDATION_MODULUS), new DeadLetters(producer));
            try (GenerativeModel model = settings.build(shape, 7)) {
                TrainingWindow window = new TrainingWindow(model, data);
                TrainingWindow.Result warm = window.run(LoopPosition.start(), warmUp);
                report("warm-up (not counted)", warm);
                TrainingWindow.Result measured = window.run(warm.end(), iterations);
                report("measured", measured);
                new BenchLine("train-throughput")
                        .put("samples_per_s", measured.samplesPerSecond())
                        .put("kafka_wait_share", measured.dataWaitShare())
                        .put("batch", batch)
                        .put("width", width)
                        .put("iterations", measured.steps())
                        .put("s_per_iteration", measured.seconds() / measured.steps())
                        .put("warmup_kafka_wait_share", warm.dataWaitShare())
                        .print();
            }
        }
    }

    private static void report(String what, TrainingWindow.Result r) {
        System.out.printf(Locale.ROOT, "%s: %d iterations, %d samples in %.1f s = %.2f samples/s, Kafka wait %.2f%%%n",
                what, r.steps(), r.samples(), r.seconds(), r.samplesPerSecond(), 100 * r.dataWaitShare());
    }

}
