package dev.hetflow.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.events.CloudEventHeaders;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.tensor.Redequantizer;
import dev.hetflow.stack.SharedLocalStack;
import dev.hetflow.trainer.loop.BatchStream;
import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.SampleShape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Epochs from a real broker: two partitions, 30 PIV 8x8 samples and one malformed record. */
class KafkaEpochDataTest {

    private static final SampleShape SHAPE = new SampleShape(2, 2, 8, 8);
    private static String bootstrap;
    private static String topic;
    private static String datasetId;
    private static PivSource source;
    private static Producer<String, byte[]> producer;

    @BeforeAll
    static void produce() throws Exception {
        bootstrap = SharedLocalStack.get().kafkaBootstrap();
        source = PivRecords.source(8, 30);
        datasetId = PivRecords.datasetId(source);
        topic = Topics.tensors(datasetId);
        PivRecords.createTopic(bootstrap, topic, 2);
        producer = KafkaClients.producer(bootstrap, "epoch-test");
        PivRecords.produce(producer, topic, source);
        producer.send(new ProducerRecord<>(topic, "31", new byte[] {1, 2, 3})).get();
    }

    private KafkaEpochData data(int batch) {
        return new KafkaEpochData(() -> KafkaClients.consumer(bootstrap, "epoch-test"), topic, datasetId, SHAPE, SHAPE,
                batch, new SplitRule(5), new DeadLetters(producer));
    }

    private static Set<Long> indices(BatchStream stream, List<Batch> batches) {
        Set<Long> seen = new HashSet<>();
        for (Batch b = stream.next(); b != null; b = stream.next()) {
            batches.add(b);
        }
        // identify samples by value: sample i equals source.tensor(i) exactly (same generator, same seed)
        for (Batch b : batches) {
            int d = SHAPE.dimensions();
            for (int s = 0; s < b.size(); s++) {
                float first = b.values()[s * d];
                float mid = b.values()[s * d + d / 2];
                for (long i = 0; i < source.count(); i++) {
                    float[] v = source.tensor(i).values();
                    if (v[0] == first && v[d / 2] == mid) {
                        seen.add(i);
                    }
                }
            }
        }
        return seen;
    }

    @Test
    void trainingPassYieldsEveryNonValidationSampleOnceAndDeadLettersTheMalformedRecord() {
        List<Batch> batches = new ArrayList<>();
        Set<Long> seen;
        Map<Integer, Long> end;
        try (BatchStream s = data(4).training(0, Map.of())) {
            seen = indices(s, batches);
            end = s.positions();
        }
        assertEquals(24, batches.stream().mapToInt(Batch::size).sum(), "30 samples minus 6 with index % 5 == 0");
        assertTrue(batches.stream().allMatch(b -> b.size() <= 4));
        assertEquals(24, seen.size());
        assertTrue(seen.stream().noneMatch(i -> i % 5 == 0));
        assertEquals(31L, end.values().stream().mapToLong(Long::longValue).sum(), "all 31 records accounted for");

        try (Consumer<String, byte[]> c = KafkaClients.consumer(bootstrap, "dlq-reader")) {
            TopicPartition p = new TopicPartition(Topics.DEADLETTER, 0);
            c.assign(List.of(p));
            c.seekToBeginning(List.of(p));
            boolean found = false;
            long deadline = System.currentTimeMillis() + 15_000;
            while (!found && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(300))) {
                    String reason = CloudEventHeaders.optional(r.headers(), DeadLetters.REASON);
                    found |= topic.equals(CloudEventHeaders.optional(r.headers(), DeadLetters.TOPIC))
                            && reason != null && reason.contains("not a tensor record");
                }
            }
            assertTrue(found, "the malformed record is on the dead-letter topic with its reason");
        }
    }

    @Test
    void trainingBatchesGetFreshNoiseEveryEpochInTheSameCells() {
        Redequantizer fresh = Redequantizer.of(dev.hetflow.datasets.manifest.DatasetManifest.of(source, topic));
        KafkaEpochData data = new KafkaEpochData(() -> KafkaClients.consumer(bootstrap, "epoch-test"), topic,
                datasetId, SHAPE, SHAPE, 64, new SplitRule(5), new DeadLetters(producer), fresh);
        float[] first = all(data.training(0, Map.of()));
        float[] second = all(data.training(1, Map.of()));
        float[] stored = all(data(64).training(0, Map.of()));
        assertEquals(stored.length, first.length);
        int changed = 0;
        for (int i = 0; i < first.length; i++) {
            // the record order of a pass is the same every time (same partitions, same offsets)
            assertEquals(Math.floor(stored[i] * 256), Math.floor(first[i] * 256), "image level " + i);
            changed += first[i] != second[i] ? 1 : 0;
        }
        // the image values (the label planes are constant in these records and stay so)
        assertTrue(changed > stored.length / 2 * 0.99, changed + " of " + stored.length + " values redrawn");
        assertEquals(java.util.Arrays.toString(all(data(64).validation())),
                java.util.Arrays.toString(all(data.validation())), "validation keeps the stored noise");
    }

    private static float[] all(BatchStream stream) {
        try (stream) {
            List<Float> out = new ArrayList<>();
            for (Batch b = stream.next(); b != null; b = stream.next()) {
                for (float v : b.values()) {
                    out.add(v);
                }
            }
            float[] a = new float[out.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = out.get(i);
            }
            return a;
        }
    }

    @Test
    void validationPassHoldsOutEveryFifthIndex() {
        List<Batch> batches = new ArrayList<>();
        Set<Long> seen;
        try (BatchStream s = data(100).validation()) {
            seen = indices(s, batches);
        }
        assertEquals(Set.of(0L, 5L, 10L, 15L, 20L, 25L), seen);
    }

    @Test
    void homogeneousJobsTrainOnTheLeadingImageChannelsOnly() {
        SampleShape images = new SampleShape(2, 0, 8, 8);
        KafkaEpochData data = new KafkaEpochData(() -> KafkaClients.consumer(bootstrap, "epoch-test"), topic,
                datasetId, SHAPE, images, 100, new SplitRule(5), new DeadLetters(producer));
        Batch b;
        try (BatchStream s = data.validation()) {
            b = s.next();
        }
        assertEquals(images, b.shape());
        assertEquals(6, b.size());
        // every held-out sample's frames, in some order: match each row against its source by the first frame
        int d = images.dimensions();
        Set<Long> matched = new HashSet<>();
        for (int row = 0; row < b.size(); row++) {
            float[] got = java.util.Arrays.copyOfRange(b.values(), row * d, (row + 1) * d);
            for (long i = 0; i < source.count(); i += 5) {
                if (java.util.Arrays.equals(got, java.util.Arrays.copyOf(source.tensor(i).values(), d))) {
                    matched.add(i);
                }
            }
        }
        assertEquals(Set.of(0L, 5L, 10L, 15L, 20L, 25L), matched);
    }

    @Test
    void resumeFromPositionsContinuesWhereAPassStopped() {
        KafkaEpochData data = data(4);
        List<Batch> firstPart = new ArrayList<>();
        Map<Integer, Long> positions;
        try (BatchStream s = data.training(0, Map.of())) {
            firstPart.add(s.next());
            firstPart.add(s.next());
            positions = s.positions();
        }
        int rest = 0;
        try (BatchStream s = data.training(0, positions)) {
            for (Batch b = s.next(); b != null; b = s.next()) {
                rest += b.size();
            }
        }
        assertEquals(24, 8 + rest, "the resumed pass yields exactly the samples the first two batches did not");
    }
}
