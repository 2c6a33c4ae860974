package dev.hetflow.trainer.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.record.TensorRecord;
import dev.hetflow.datasets.record.TensorRecordCodec;
import dev.hetflow.datasets.tensor.TensorSample;
import dev.hetflow.stack.SharedLocalStack;
import dev.hetflow.trainer.checkpoint.Checkpointer;
import dev.hetflow.trainer.data.DeadLetters;
import dev.hetflow.trainer.data.KafkaClients;
import dev.hetflow.trainer.data.KafkaEpochData;
import dev.hetflow.trainer.data.PivRecords;
import dev.hetflow.trainer.data.SplitRule;
import dev.hetflow.trainer.events.TrainingEvents;
import dev.hetflow.trainer.loop.BatchStream;
import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.SampleShape;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A stream with 1 % poisoned records (3 of 300: a NaN, an infinity, a value of 1.5 where values are normalized to
 * [0, 1]) and one record keyed by something other than a sample index: the job trains two epochs to the end, each
 * bad record is dead-lettered once with its reason and counted in the status, and every valid record is trained on
 * (training split) or validated on (validation split), none lost.
 */
class PoisonedRecordsTest {

    private static final int COUNT = 300;
    private static final Map<Long, Float> POISON = Map.of(37L, Float.NaN, 140L, Float.POSITIVE_INFINITY, 211L, 1.5f);

    @Test
    void poisonedRecordsAreDeadLetteredOnceCountedAndEveryValidRecordIsTrainedOn() throws Exception {
        String bootstrap = SharedLocalStack.get().kafkaBootstrap();
        try (ObjectStore store = new ObjectStore(SharedLocalStack.get().settings().s3Settings());
             Producer<String, byte[]> producer = KafkaClients.producer(bootstrap, "poison-test")) {
            PivSource source = PivRecords.source(8, COUNT);
            String datasetId = "poisoned-" + System.nanoTime();
            String topic = Topics.tensors(datasetId);
            PivRecords.createTopic(bootstrap, topic, 2);
            for (long i = 0; i < COUNT; i++) {
                TensorSample s = source.tensor(i);
                if (POISON.containsKey(i)) {
                    float[] v = s.values().clone();
                    v[v.length / 2] = POISON.get(i);
                    s = new TensorSample(s.index(), s.channels(), s.height(), s.width(), v);
                }
                send(producer, topic, TensorRecordCodec.encode(datasetId, s), null);
            }
            // a valid tensor whose key is no index: neither split may take it
            send(producer, topic, TensorRecordCodec.encode(datasetId, source.tensor(5)), "not-an-index");
            producer.flush();
            DatasetManifest m = DatasetManifest.of(source, topic);
            store.put(ObjectLayout.datasetManifest(datasetId), EventJson.write(new DatasetManifest(m.manifestVersion(),
                    datasetId, m.source(), m.split(), m.count(), m.shape(), m.dtype(), m.recordFormat(), m.channels(),
                    m.normalization(), m.dequantization(), m.layout(), m.spec(), m.specSha256(), topic)),
                    "application/json");

            String jobId = "job-poison-" + System.nanoTime();
            JobSpec spec = new JobSpec(JobRunTest.TINY, datasetId, "heterogeneous", 8, 5L, 0.005, 2, null, 0, 1000)
                    .withDefaults(new TestConfig());
            StatusBoard board = new StatusBoard(new JobStore(store));
            board.put(JobStatus.queued(jobId, spec.learningRate()));
            JobContext ctx = new JobContext(store, () -> KafkaClients.consumer(bootstrap, "poison-test"),
                    new DeadLetters(producer), new TrainingEvents(producer), new Checkpointer(store, "test"),
                    new TestConfig(), ModelFactory.standard());
            new JobRun(jobId, spec, ctx, board, new AtomicBoolean()).run();

            JobStatus status = board.get(jobId).orElseThrow();
            assertEquals(JobState.FINISHED, status.state(), String.valueOf(status.reason()));
            assertEquals("MAX_EPOCHS", status.reason(), "trained to the end");
            assertEquals(4, status.deadLettered(), "3 poisoned + 1 unindexed, each counted once over 2 epochs");

            List<String> reasons = deadLetterReasons(bootstrap, topic);
            assertEquals(4, reasons.size(), "each bad record dead-lettered once: " + reasons);
            assertEquals(2, reasons.stream().filter(r -> r.contains("is not a finite number")).count(), reasons.toString());
            assertEquals(1, reasons.stream().filter(r -> r.contains("1.5") && r.contains("outside the normalized range"))
                    .count(), reasons.toString());
            assertEquals(1, reasons.stream().filter(r -> r.contains("not-an-index")).count(), reasons.toString());

            // every valid indexed record is in exactly one split: 300 - 3 poisoned
            SampleShape shape = new SampleShape(2, 2, 8, 8);
            KafkaEpochData data = new KafkaEpochData(() -> KafkaClients.consumer(bootstrap, "poison-test"), topic,
                    datasetId, shape, shape, 8, new SplitRule(new TestConfig().validationModulus()),
                    new DeadLetters(producer));
            long trained = count(data.training(1, Map.of()));
            long validated = count(data.validation());
            assertEquals(COUNT - 3, trained + validated, "no valid record lost");
            assertEquals(COUNT / 5 - 1, validated, "index 140 (validation split) was the only bad one there");
            System.out.printf("FAULT poisoned-1pct: %d of %d records poisoned + 1 unindexed; job %s finished 2 epochs, "
                    + "deadLettered=%d, valid records trained %d + validated %d = %d of %d%n", POISON.size(), COUNT,
                    jobId, status.deadLettered(), trained, validated, trained + validated, COUNT - POISON.size());
        }
    }

    private static void send(Producer<String, byte[]> producer, String topic, TensorRecord r, String key)
            throws Exception {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, key == null ? r.key() : key, r.value());
        r.headers().forEach((k, v) -> out.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(out);
    }

    private static long count(BatchStream stream) {
        long n = 0;
        try (stream) {
            for (Batch b = stream.next(); b != null; b = stream.next()) {
                n += b.size();
            }
        }
        return n;
    }

    /** dead-letter-reason of every dead letter that came from {@code origin}. */
    private static List<String> deadLetterReasons(String bootstrap, String origin) {
        List<String> reasons = new ArrayList<>();
        try (Consumer<String, byte[]> c = KafkaClients.consumer(bootstrap, "poison-dlq")) {
            TopicPartition p = new TopicPartition(Topics.DEADLETTER, 0);
            c.assign(List.of(p));
            c.seekToBeginning(List.of(p));
            long end = c.endOffsets(List.of(p)).get(p);
            while (c.position(p) < end) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    var topic = r.headers().lastHeader(DeadLetters.TOPIC);
                    if (topic != null && origin.equals(new String(topic.value(), StandardCharsets.UTF_8))) {
                        reasons.add(new String(r.headers().lastHeader(DeadLetters.REASON).value(),
                                StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return reasons;
    }
}
