package dev.hetflow.common.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The Kafka protocol binding of CloudEvents, binary mode: {@code ce_*} headers carry the attributes,
 * {@code content-type} the data's media type, and the record value is the data.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";

    private CloudEventHeaders() {
    }

    /** Writes the event's attributes into {@code headers}, replacing any earlier ones. */
    public static void write(CloudEvent event, Headers headers) {
        put(headers, SPEC_VERSION, CloudEvent.SPEC_VERSION);
        put(headers, ID, event.id());
        put(headers, SOURCE, event.source());
        put(headers, TYPE, event.type());
        put(headers, TIME, event.time().toString());
        if (event.subject() != null) {
            put(headers, SUBJECT, event.subject());
        }
        if (event.dataContentType() != null) {
            put(headers, CONTENT_TYPE, event.dataContentType());
        }
    }

    /**
     * Reads an event from a record's headers and value.
     *
     * @throws MalformedEventException when a required attribute is missing or unreadable (a dead letter)
     */
    public static CloudEvent read(Headers headers, byte[] value) {
        String spec = required(headers, SPEC_VERSION);
        if (!spec.startsWith("1.")) {
            throw new MalformedEventException("unsupported CloudEvents specversion " + spec);
        }
        Instant time;
        String rawTime = required(headers, TIME);
        try {
            time = Instant.parse(rawTime);
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("ce_time is not an RFC 3339 time: " + rawTime);
        }
        if (value == null) {
            throw new MalformedEventException("the record has no value (event data)");
        }
        return new CloudEvent(required(headers, ID), required(headers, SOURCE), required(headers, TYPE),
                optional(headers, SUBJECT), time, optional(headers, CONTENT_TYPE), value);
    }

    /** The last value of a header as UTF-8, or null. */
    public static String optional(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String required(Headers headers, String name) {
        String value = optional(headers, name);
        if (value == null || value.isEmpty()) {
            throw new MalformedEventException("missing CloudEvents header " + name);
        }
        return value;
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
