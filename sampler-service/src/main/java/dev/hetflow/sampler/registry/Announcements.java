package dev.hetflow.sampler.registry;

import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.CloudEventHeaders;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.events.EventTypes;
import dev.hetflow.common.events.MalformedEventException;
import dev.hetflow.common.models.ModelPublished;
import dev.hetflow.common.storage.ObjectLayout;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a {@code model.published} announcement off {@code hetflow.models}: the only thing that makes a version
 * servable. It must name the version's own manifest key and carry the manifest's sha256, which the loader checks
 * before reading anything the manifest says.
 */
final class Announcements {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Announcements() {
    }

    /**
     * @return the announcement, empty for events of other types
     * @throws MalformedEventException when the record is not a readable, complete announcement
     */
    static Optional<ModelPublished> read(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = CloudEventHeaders.read(record.headers(), record.value());
        if (!EventTypes.MODEL_PUBLISHED.equals(event.type())) {
            return Optional.empty();
        }
        ModelPublished p = EventJson.read(event.data(), ModelPublished.class);
        if (p.modelId() == null || p.manifestKey() == null || p.version() < 1) {
            throw new MalformedEventException("model.published needs modelId, version >= 1 and manifestKey");
        }
        if (p.manifestSha256() == null || !SHA256.matcher(p.manifestSha256()).matches()) {
            throw new MalformedEventException("model.published for " + p.modelId() + " v" + p.version()
                    + " needs manifestSha256, the manifest's lower-case hex sha256");
        }
        String expected;
        try {
            expected = ObjectLayout.modelFile(p.modelId(), p.version(), ObjectLayout.MANIFEST);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("model.published names an invalid model: " + e.getMessage());
        }
        if (!expected.equals(p.manifestKey())) {
            throw new MalformedEventException("model.published for " + p.modelId() + " v" + p.version()
                    + " names manifest " + p.manifestKey() + " instead of " + expected);
        }
        return Optional.of(p);
    }
}
