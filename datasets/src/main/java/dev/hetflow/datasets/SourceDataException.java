package dev.hetflow.datasets;

/** A source file (MNIST IDX, CIFAR-10 batch) that is missing, truncated or not in its format; the message says which. */
public class SourceDataException extends RuntimeException {

    public SourceDataException(String message) {
        super(message);
    }

    public SourceDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
