package dev.hetflow.trainer.loop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.topics.Topics;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.stack.SharedLocalStack;
import dev.hetflow.trainer.data.DeadLetters;
import dev.hetflow.trainer.data.KafkaClients;
import dev.hetflow.trainer.data.KafkaEpochData;
import dev.hetflow.trainer.data.PivRecords;
import dev.hetflow.trainer.data.SplitRule;
import dev.hetflow.trainer.model.FfjordConvSpec;
import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.model.SolverSpec;
import dev.hetflow.trainer.model.SampleShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

/**
 * End-to-end training throughput on PIV 4x32x32 from the real broker with the paper's multiscale conv FFJORD at a
 * small width (2 scales, hidden 8-8, RK4 with 2 steps, batch 4), and the share of the loop's time spent waiting for Kafka.
 * A smoke-sized measurement (3 iterations, ~10-25 s on 2 shared cores) that prints its figures; the benchmark
 * proper is benchmarks/run train-throughput.
 */
class TrainThroughputTest {

    @Test
    void convFfjordTrainsFromKafkaAndWaitsLittleForData() throws Exception {
        String bootstrap = SharedLocalStack.get().kafkaBootstrap();
        PivSource source = PivRecords.source(32, 40);
        String id = PivRecords.datasetId(source);
        try (Producer<String, byte[]> producer = KafkaClients.producer(bootstrap, "throughput-test")) {
            PivRecords.createTopic(bootstrap, Topics.tensors(id), 2);
            PivRecords.produce(producer, Topics.tensors(id), source);
            SampleShape shape = new SampleShape(2, 2, 32, 32);
            KafkaEpochData data = new KafkaEpochData(() -> KafkaClients.consumer(bootstrap, "throughput-test"),
                    Topics.tensors(id), id, shape, shape, 4, new SplitRule(10), new DeadLetters(producer));
            try (GenerativeModel model = new FfjordConvSpec(2, List.of(8, 8), Activation.SOFTPLUS, 0.5, 1e-6,
                    SolverSpec.rk4(2), null).build(shape, 3)) {
                PlateauScheduler scheduler = new PlateauScheduler(new PlateauScheduler.Settings(0.005, 0.00005,
                        0.5, 2, 1e-4));
                List<StepReport> steps = new ArrayList<>();
                TrainingListener record = new TrainingListener() {
                    @Override
                    public void onStep(StepReport step, LoopPosition position) {
                        steps.add(step);
                    }
                };
                TrainingLoop loop = new TrainingLoop(model, data, new StopCriteria(1, 3, 0), scheduler,
                        new DivergenceGuard(model, scheduler, 0, 3, 10), List.of(record), () -> false);
                loop.run(LoopPosition.start());
                double rate = steps.get(steps.size() - 1).samplesPerSec();
                System.out.printf("train-throughput: samples_per_s=%.2f kafka_wait_share=%.4f (%d iterations)%n",
                        rate, loop.dataWaitShare(), steps.size());
                assertTrue(steps.size() == 3 && steps.stream().allMatch(s -> s.result().finite()));
                // the first batch waits for the consumer's metadata and first fetch; the rest is training time
                assertTrue(loop.dataWaitShare() < 0.5, "kafka wait share " + loop.dataWaitShare());
            }
        }
    }
}
