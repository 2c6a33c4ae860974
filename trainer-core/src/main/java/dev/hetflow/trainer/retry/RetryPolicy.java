package dev.hetflow.trainer.retry;

import dev.hetflow.common.storage.ObjectStoreException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Retries with exponential backoff (each wait drawn between half and all of its step) over a bounded outage: a call is repeated while it fails with a
 * transient error, waiting {@code initialDelay}, then twice that, ... up to {@code maxDelay}, until it succeeds or
 * {@code maxOutage} has passed since the first failure; then the last error is thrown wrapped in an
 * {@link OutageException} that says how long the outage lasted. The trainer service's SmallRye Fault Tolerance
 * annotations ({@code JobStore}) use the same figures.
 *
 * @param initialDelay first wait
 * @param maxDelay     longest wait
 * @param maxOutage    how long failures are tolerated before the call fails
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, Duration maxOutage) {

    /** 200 ms doubling to 5 s, for up to 2 minutes: rides out a store or broker restart, not a lost cluster. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(5),
            Duration.ofMinutes(2));

    /** A store refusal (missing key, failed precondition, bad credentials) is final; so is a Kafka non-retriable. */
    public static final Predicate<Throwable> TRANSIENT = RetryPolicy::isTransient;

    public RetryPolicy {
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0
                || maxOutage.isNegative()) {
            throw new IllegalArgumentException("need 0 < initialDelay <= maxDelay and maxOutage >= 0");
        }
    }

    /** Told of each failed attempt, e.g. to put the outage in a job's status. */
    public interface Listener {
        Listener NONE = (what, attempt, outage, error) -> { };

        void retrying(String what, int attempt, Duration outage, RuntimeException error);
    }

    /** The outage outlasted {@code maxOutage}; the cause is the last error. */
    public static final class OutageException extends RuntimeException {
        OutageException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public <T> T call(String what, Supplier<T> operation) {
        return call(what, operation, Listener.NONE);
    }

    public void run(String what, Runnable operation, Listener listener) {
        call(what, () -> {
            operation.run();
            return null;
        }, listener);
    }

    public <T> T call(String what, Supplier<T> operation, Listener listener) {
        long firstFailure = 0;
        long delay = initialDelay.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.get();
            } catch (RuntimeException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                long now = System.nanoTime();
                if (firstFailure == 0) {
                    firstFailure = now;
                }
                Duration outage = Duration.ofNanos(now - firstFailure);
                if (outage.compareTo(maxOutage) >= 0) {
                    throw new OutageException("cannot " + what + " after " + attempt + " attempts over "
                            + outage.toSeconds() + " s: " + e.getMessage(), e);
                }
                listener.retrying(what, attempt, outage, e);
                sleep(ThreadLocalRandom.current().nextLong(delay / 2, delay + 1));
                delay = Math.min(delay * 2, maxDelay.toNanos());
            }
        }
    }

    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ObjectStoreException s) {
                return s.isTransient();
            }
            if (t instanceof RetriableException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
