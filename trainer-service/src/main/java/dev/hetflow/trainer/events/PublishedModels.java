package dev.hetflow.trainer.events;

import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.CloudEventHeaders;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.events.EventTypes;
import dev.hetflow.common.events.MalformedEventException;
import dev.hetflow.common.models.ModelPublished;
import dev.hetflow.common.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@link Topics#MODELS} already announces for a model: read before publishing, so that a trainer that crashed
 * between publishing and recording it does not announce the same version again.
 */
public final class PublishedModels {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<Consumer<String, byte[]>> consumers;

    public PublishedModels(Supplier<Consumer<String, byte[]>> consumers) {
        this.consumers = consumers;
    }

    /** The highest version published for {@code modelId}, 0 when none. */
    public int latestVersion(String modelId) {
        int latest = 0;
        try (Consumer<String, byte[]> c = consumers.get()) {
            List<TopicPartition> partitions = new ArrayList<>();
            c.partitionsFor(Topics.MODELS, TIMEOUT).forEach(p -> partitions.add(new TopicPartition(p.topic(),
                    p.partition())));
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + Topics.MODELS + " within " + TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (modelId.equals(r.key())) {
                        latest = Math.max(latest, version(r));
                    }
                }
            }
        }
        return latest;
    }

    private static int version(ConsumerRecord<String, byte[]> r) {
        try {
            CloudEvent e = CloudEventHeaders.read(r.headers(), r.value());
            return EventTypes.MODEL_PUBLISHED.equals(e.type())
                    ? EventJson.read(e.data(), ModelPublished.class).version() : 0;
        } catch (MalformedEventException e) {
            return 0; // not ours to judge; the sampler dead-letters it
        }
    }
}
