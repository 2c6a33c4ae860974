package dev.hetflow.data.stream;

import dev.hetflow.common.storage.ObjectStoreException;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.RetriableException;

/**
 * What SmallRye Fault Tolerance retries here: an unreachable or failing object store (no S3 error code, or a 5xx
 * one) and Kafka's retriable errors (timeouts, leader changes); a refusal is final. Public with a public constructor:
 * the interceptor instantiates it by reflection.
 */
public final class TransientFailure implements Predicate<Throwable> {

    public TransientFailure() {
    }

    @Override
    public boolean test(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ObjectStoreException s) {
                return s.isTransient();
            }
            if (t instanceof RetriableException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
