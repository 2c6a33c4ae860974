package dev.hetflow.cli;

import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.CloudEventHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows a topic's CloudEvents about one subject (the record key) from the beginning, without a consumer group:
 * {@link #await} returns as soon as an event of a type arrives, {@link #caughtUp} reads up to the topic's end.
 */
final class EventTail implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);

    private final Consumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final String subject;
    private final List<CloudEvent> seen = new ArrayList<>();

    EventTail(String bootstrap, String topic, String subject) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.subject = subject;
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
                .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The first event of {@code type} about the subject, waiting for it up to {@code timeout}. */
    CloudEvent await(String type, Duration timeout) {
        return await(type, timeout, 1);
    }

    /** The {@code nth} (1-based) event of {@code type} about the subject, waiting for it up to {@code timeout}. */
    CloudEvent await(String type, Duration timeout, int nth) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int from = 0;
        int found = 0;
        while (true) {
            for (int i = from; i < seen.size(); i++) {
                if (type.equals(seen.get(i).type()) && ++found == nth) {
                    return seen.get(i);
                }
            }
            from = seen.size();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + type + " about " + subject + " within " + timeout
                        + "; seen " + types());
            }
            poll();
        }
    }

    /** Every event about the subject up to the topic's end as of now, in order. */
    List<CloudEvent> caughtUp() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read to the end of " + partitions);
            }
            poll();
        }
        return List.copyOf(seen);
    }

    List<CloudEvent> ofType(String type) {
        return caughtUp().stream().filter(e -> type.equals(e.type())).toList();
    }

    private void poll() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
            if (subject.equals(r.key())) {
                seen.add(CloudEventHeaders.read(r.headers(), r.value()));
            }
        }
    }

    private List<String> types() {
        return seen.stream().map(CloudEvent::type).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
