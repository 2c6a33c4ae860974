package dev.hetflow.sampler.sampling;

/** The micro-batcher's queue holds {@code queue-depth} requests already: a 429 with Retry-After, nothing queued. */
public class QueueFullException extends RuntimeException {

    public QueueFullException(String message) {
        super(message);
    }
}
