package dev.hetflow.common.events;

/** A record that cannot be read as a hetflow event; its message is the dead-letter reason. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
