package dev.hetflow.sampler.registry;

import dev.hetflow.common.events.MalformedEventException;
import dev.hetflow.common.models.ModelPublished;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code model.published} events from {@code hetflow.models} ({@link Announcements}). A record that is not a readable event is
 * rejected, and the channel's dead-letter strategy puts it on {@code hetflow.deadletter} with the reason in the
 * {@code dead-letter-reason} header (see application.properties).
 */
@ApplicationScoped
class ModelEventsConsumer {

    /** The incoming channel, bound to {@link dev.hetflow.common.topics.Topics#MODELS}. */
    static final String CHANNEL = "models";
    private static final Logger LOG = Logger.getLogger(ModelEventsConsumer.class);

    private final ModelUpdates updates;

    ModelEventsConsumer(ModelUpdates updates) {
        this.updates = updates;
    }

    @Incoming(CHANNEL)
    @Blocking
    void consume(ConsumerRecord<String, byte[]> record) {
        ModelPublished published;
        try {
            Optional<ModelPublished> announced = Announcements.read(record);
            if (announced.isEmpty()) {
                return;
            }
            published = announced.get();
        } catch (MalformedEventException e) {
            LOG.warnf("dead letter from %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            throw e;
        }
        LOG.infof("model %s v%d published (%s-%d@%d)", published.modelId(), published.version(), record.topic(),
                record.partition(), record.offset());
        updates.apply(published.modelId(), published.version(), published.manifestKey(), published.manifestSha256());
    }
}
