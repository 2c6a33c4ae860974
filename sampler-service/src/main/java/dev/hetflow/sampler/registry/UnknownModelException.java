package dev.hetflow.sampler.registry;

/** A request named a model or version that is not loaded: a 404. */
public class UnknownModelException extends RuntimeException {

    public UnknownModelException(String message) {
        super(message);
    }
}
