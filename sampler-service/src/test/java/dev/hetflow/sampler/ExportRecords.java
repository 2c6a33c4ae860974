package dev.hetflow.sampler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the real broker in tests. */
final class ExportRecords {

    private ExportRecords() {
    }

    /** Records on partition 0 of {@code topic}, read to its end. */
    static int count(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            int count = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(p) < end && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(500)).count();
            }
            return count;
        }
    }

    /** The dead-letter-reason header of the dead letter keyed {@code key}, waiting up to 60 s for it. */
    /** Whether the topic still exists (a deleted topic may take a moment to disappear: waits up to 10 s). */
    static boolean topicExists(String bootstrap, String topic) {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                boolean exists = admin.listTopics().names().get().contains(topic);
                if (!exists || System.nanoTime() > deadline) {
                    return exists;
                }
                Thread.sleep(200);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics: " + e, e);
        }
    }

    static String deadLetterReason(String bootstrap, String key) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            TopicPartition p = new TopicPartition(dev.hetflow.common.topics.Topics.DEADLETTER, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    var reason = record.headers().lastHeader("dead-letter-reason");
                    if (key.equals(record.key()) && reason != null) {
                        return new String(reason.value(), java.nio.charset.StandardCharsets.UTF_8);
                    }
                }
            }
            throw new AssertionError("no dead letter keyed " + key + " within 60 s");
        }
    }

    static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer());
    }
}
