package dev.hetflow.sampler.registry;

/** A published version that cannot be served: unreadable manifest, missing file, graph not matching its signature. */
class ModelLoadException extends RuntimeException {

    ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    ModelLoadException(String message) {
        super(message);
    }
}
