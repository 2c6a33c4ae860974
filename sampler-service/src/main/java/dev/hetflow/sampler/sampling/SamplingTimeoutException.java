package dev.hetflow.sampler.sampling;

/** A request that did not get its samples within hetflow.sampler.request-timeout: a 503, retry later. */
public class SamplingTimeoutException extends RuntimeException {

    public SamplingTimeoutException(String message) {
        super(message);
    }
}
