package dev.hetflow.common.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvent (spec 1.0) as hetflow puts it on Kafka in binary mode: attributes in headers, data in the value.
 *
 * @param id              unique per event; consumers deduplicate on it
 * @param source          the producing service, e.g. {@code /hetflow/trainer}
 * @param type            one of {@link EventTypes}
 * @param subject         what the event is about (job id, model id, dataset id), also the record key
 * @param time            when it happened
 * @param dataContentType media type of {@code data}, {@code application/json} for payload records
 * @param data            the payload bytes
 */
public record CloudEvent(String id, String source, String type, String subject, Instant time, String dataContentType,
                         byte[] data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** A new JSON event with a random id, stamped now. */
    public static CloudEvent json(String source, String type, String subject, byte[] json) {
        return new CloudEvent(UUID.randomUUID().toString(), source, type, subject, Instant.now(), JSON, json);
    }
}
