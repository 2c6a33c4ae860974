package dev.hetflow.trainer.jobs;

import dev.hetflow.trainer.retry.RetryPolicy;
import java.util.function.Predicate;

/**
 * What SmallRye Fault Tolerance retries in {@link JobStore}: the same transient errors as trainer-core's policy.
 * Public with a public constructor: the interceptor instantiates it by reflection.
 */
public final class TransientStoreError implements Predicate<Throwable> {

    public TransientStoreError() {
    }

    @Override
    public boolean test(Throwable t) {
        return RetryPolicy.TRANSIENT.test(t);
    }
}
