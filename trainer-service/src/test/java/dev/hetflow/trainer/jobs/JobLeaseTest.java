package dev.hetflow.trainer.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.stack.SharedLocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lease and the conditional create it rests on, against the local stack's real S3 server (S3Proxy 3.3): an
 * object is created only if absent, replaced only at the ETag read, and a lease changes hands only after its TTL.
 */
class JobLeaseTest {

    private static final Duration TTL = Duration.ofSeconds(2);
    private static ObjectStore store;

    @BeforeAll
    static void store() {
        store = new ObjectStore(SharedLocalStack.get().settings().s3Settings());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void theStoreCreatesOnlyIfAbsentAndReplacesOnlyAtTheEtagRead() {
        String key = "lease-test/" + System.nanoTime();
        byte[] a = "a".getBytes(StandardCharsets.UTF_8);
        byte[] b = "b".getBytes(StandardCharsets.UTF_8);
        var first = store.putIfAbsent(key, a, "text/plain");
        assertTrue(first.isPresent(), "created");
        assertTrue(store.putIfAbsent(key, b, "text/plain").isEmpty(), "If-None-Match: * refused the second create");
        assertEquals("a", new String(store.get(key), StandardCharsets.UTF_8));
        String etag = store.getVersioned(key).orElseThrow().etag();
        assertTrue(store.replaceIfMatch(key, b, "text/plain", etag).isPresent(), "replaced at the ETag read");
        assertTrue(store.replaceIfMatch(key, a, "text/plain", etag).isEmpty(), "a stale ETag is refused");
        assertEquals("b", new String(store.get(key), StandardCharsets.UTF_8));
    }

    @Test
    void aHeldLeaseIsTakenOverOnlyAfterItsTtlAndItsFormerHolderThenKnowsItLostIt() throws Exception {
        String job = "job-lease-" + System.nanoTime();
        JobLease a = new JobLease(store, "trainer-a", TTL, Duration.ofMillis(100), Outages.logOnly());
        JobLease b = new JobLease(store, "trainer-b", TTL, Duration.ofMillis(100), Outages.logOnly());
        assertTrue(a.tryAcquire(job));
        assertFalse(b.tryAcquire(job), "held by a");
        // a renews: b's observation restarts with every new ETag, so b never takes a live lease
        for (int i = 0; i < 4; i++) {
            Thread.sleep(TTL.toMillis() / 2);
            assertTrue(a.renew(job));
            assertFalse(b.tryAcquire(job), "a renews, so b waits (round " + i + ")");
        }
        // a stops renewing (a crashed pod): b takes over once it has seen the same ETag for a whole TTL
        long stopped = System.nanoTime();
        while (!b.tryAcquire(job)) {
            Thread.sleep(200);
        }
        long waited = (System.nanoTime() - stopped) / 1_000_000;
        assertTrue(waited >= TTL.toMillis() - 300, "taken over after the TTL, not before: " + waited + " ms");
        assertFalse(a.renew(job), "a's renewal with its old ETag is refused: it knows it lost the lease");
        assertFalse(a.isHeld(job));
        assertTrue(b.isHeld(job));
        b.release(job);
        assertTrue(a.tryAcquire(job), "a released lease is free at once");
        a.release(job);
    }
}
