package dev.hetflow.datasets.record;

/** A tensor record that cannot be read; the message is the dead-letter reason. */
public class MalformedRecordException extends RuntimeException {

    public MalformedRecordException(String message) {
        super(message);
    }
}
