package dev.hetflow.sampler.registry;

import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.CloudEventHeaders;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.events.EventTypes;
import dev.hetflow.common.events.MalformedEventException;
import dev.hetflow.common.models.ModelPublished;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code model.published} events from {@code hetflow.models}. A record that is not a readable event is
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
        CloudEvent event;
        ModelPublished published;
        try {
            event = CloudEventHeaders.read(record.headers(), record.value());
            if (!EventTypes.MODEL_PUBLISHED.equals(event.type())) {
                LOG.debugf("skipping event %s of type %s", event.id(), event.type());
                return;
            }
            published = EventJson.read(event.data(), ModelPublished.class);
            if (published.modelId() == null || published.manifestKey() == null || published.version() < 1) {
                throw new MalformedEventException("model.published needs modelId, version >= 1 and manifestKey");
            }
        } catch (MalformedEventException e) {
            LOG.warnf("dead letter from %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            throw e;
        }
        LOG.infof("event %s: model %s v%d published", event.id(), published.modelId(), published.version());
        updates.apply(published.modelId(), published.version(), published.manifestKey(), published.manifestSha256());
    }
}
