package dev.hetflow.trainer.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.storage.ObjectStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Backoff over a bounded outage: transient errors are retried and reported, refusals are not, the bound holds. */
class RetryPolicyTest {

    private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20),
            Duration.ofMillis(300));
    private static final ObjectStoreException UNREACHABLE = new ObjectStoreException("cannot write k: connection "
            + "refused", null, new java.net.ConnectException("refused"));

    @Test
    void aTransientFailureIsRetriedAndEachRetryReported() {
        AtomicInteger calls = new AtomicInteger();
        List<Integer> attempts = new ArrayList<>();
        String result = FAST.call("write k", () -> {
            if (calls.incrementAndGet() < 4) {
                throw UNREACHABLE;
            }
            return "done";
        }, (what, attempt, outage, error) -> attempts.add(attempt));
        assertEquals("done", result);
        assertEquals(List.of(1, 2, 3), attempts);
    }

    @Test
    void aRefusalIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        ObjectStoreException denied = new ObjectStoreException("cannot write k: AccessDenied", "AccessDenied", null);
        assertThrows(ObjectStoreException.class, () -> FAST.call("write k", () -> {
            calls.incrementAndGet();
            throw denied;
        }));
        assertEquals(1, calls.get());
    }

    @Test
    void anOutageLongerThanTheBoundFailsWithItsDuration() {
        long start = System.nanoTime();
        RetryPolicy.OutageException e = assertThrows(RetryPolicy.OutageException.class,
                () -> FAST.call("write k", () -> {
                    throw UNREACHABLE;
                }));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 300, "not before the bound: " + ms + " ms");
        assertTrue(ms < 2_000, "soon after it (waits are at most 20 ms): " + ms + " ms");
        assertTrue(e.getMessage().contains("cannot write k after"), e.getMessage());
        assertEquals(UNREACHABLE, e.getCause());
    }

    @Test
    void kafkaTimeoutsAreTransientWhereverTheyAreWrapped() {
        assertTrue(RetryPolicy.TRANSIENT.test(new IllegalStateException("send failed",
                new java.util.concurrent.ExecutionException(new org.apache.kafka.common.errors.TimeoutException("t")))));
        assertTrue(!RetryPolicy.TRANSIENT.test(new IllegalStateException("send failed",
                new org.apache.kafka.common.errors.RecordTooLargeException("too large"))));
    }
}
