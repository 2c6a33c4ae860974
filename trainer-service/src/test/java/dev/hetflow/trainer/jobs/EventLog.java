package dev.hetflow.trainer.jobs;

import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.CloudEventHeaders;
import dev.hetflow.trainer.data.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Reads back the CloudEvents on a one-partition topic whose key is {@code subject}. */
final class EventLog {

    private EventLog() {
    }

    static List<CloudEvent> read(String bootstrap, String topic, String subject) {
        List<CloudEvent> events = new ArrayList<>();
        try (Consumer<String, byte[]> c = KafkaClients.consumer(bootstrap, "event-log")) {
            TopicPartition p = new TopicPartition(topic, 0);
            c.assign(List.of(p));
            c.seekToBeginning(List.of(p));
            long end = c.endOffsets(List.of(p)).get(p);
            long deadline = System.currentTimeMillis() + 15_000;
            while (c.position(p) < end && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (subject.equals(r.key())) {
                        events.add(CloudEventHeaders.read(r.headers(), r.value()));
                    }
                }
            }
        }
        return events;
    }

    /**
     * The subject's events once one of {@code type} is among them, re-read until then (bounded): a job sends its
     * events without awaiting them, and after persisting the status a test polls, so reading at once can miss the
     * last ones.
     */
    static List<CloudEvent> readUntil(String bootstrap, String topic, String subject, String type) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            List<CloudEvent> events = read(bootstrap, topic, subject);
            if (!ofType(events, type).isEmpty()) {
                return events;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no " + type + " about " + subject + " on " + topic + " within 30 s; seen "
                        + events.stream().map(CloudEvent::type).toList());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    static List<CloudEvent> ofType(List<CloudEvent> events, String type) {
        return events.stream().filter(e -> type.equals(e.type())).toList();
    }
}
