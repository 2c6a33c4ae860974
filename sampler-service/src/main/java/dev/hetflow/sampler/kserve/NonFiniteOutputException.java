package dev.hetflow.sampler.kserve;

/** The graph produced NaN or infinite values: a 500 with {@code {"error"}}, never "NaN" strings in the data. */
class NonFiniteOutputException extends RuntimeException {

    NonFiniteOutputException(String message) {
        super(message);
    }
}
