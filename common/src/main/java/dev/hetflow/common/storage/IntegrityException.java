package dev.hetflow.common.storage;

/** An object whose bytes do not hash to the sha256 it was stored or listed with: never load it. */
public class IntegrityException extends RuntimeException {

    public IntegrityException(String message) {
        super(message);
    }
}
